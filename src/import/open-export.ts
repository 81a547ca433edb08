/** Opens what `smk import` reads: a workbook (read-workbook.ts) or a delimited text export (read-export.ts). */
import fs from 'node:fs';
import { ExportError, ExportFile, firstBytes, type ExportSource, type ReadOptions } from './read-export.ts';
import { isWorkbook, WorkbookFile } from './read-workbook.ts';

/**
 * Opens an export: a workbook (.xlsx, known by its first bytes) or a delimited text file, standard
 * input (`-`) or a pipe. Throws ExportError for unusable files.
 */
export async function openExport(filePath: string, options: ReadOptions = {}, stdin: NodeJS.ReadableStream = process.stdin): Promise<ExportSource> {
  if (filePath !== '-' && isRegularFile(filePath) && isWorkbook(firstBytes(filePath, 4))) {
    if (options.encoding || options.delimiter) throw new ExportError(`${filePath}: an Excel workbook has no ${options.encoding ? 'encoding' : 'delimiter'} to give: leave out --${options.encoding ? 'encoding' : 'delimiter'}`);
    return WorkbookFile.open(filePath, options);
  }
  if (options.sheet !== undefined) throw new ExportError(`${filePath}: --sheet is for an Excel workbook (.xlsx); this is a text export`);
  return ExportFile.open(filePath, options, stdin);
}

function isRegularFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false; // ExportFile.open says why
  }
}
