// `npm run demo`: imports the bundled fixtures into a temporary database and shows what was imported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smk-demo-'));
const db = path.join(dir, 'smarketing.db');
const fixture = (name) => path.join('fixtures', name);

const steps = [
  ['leads', fixture('hubspot-contacts-2026-11-16.csv'), '--snapshot-date', '2026-11-16', '--tz', 'Europe/Madrid'],
  ['leads', fixture('hubspot-contacts-2026-11-23.csv'), '--snapshot-date', '2026-11-23', '--tz', 'Europe/Madrid'],
  ['leads', fixture('salesforce-leads-report.csv'), '--tz', 'Europe/Rome'],
  ['leads', fixture('spreadsheet-es.csv'), '--mapping', fixture('spreadsheet-es.mapping.yaml')],
  ['leads', fixture('evento-milano-utf16.txt'), '--tz', 'Europe/Rome', '--map', 'first_name=Nome', '--map', 'last_name=Cognome',
    '--map', 'company=Azienda', '--map', 'segment=Ruolo', '--map', 'country=Paese', '--set', 'source=Eventi', '--set', 'campaign=SaaStr Milan'],
  ['leads', fixture('rows-with-errors.csv'), '--tz', 'Europe/Madrid'],
  ['deals', fixture('hubspot-deals.csv'), '--tz', 'Europe/Madrid'],
  ['deals', fixture('salesforce-opportunities-dataloader.csv'), '--tz', 'Europe/Rome'],
  ['deals', fixture('pipedrive-deals.csv'), '--tz', 'Europe/Madrid'],
];

const smk = (args) => spawnSync(process.execPath, [path.join(root, 'bin', 'smk.js'), '--db', db, ...args], { cwd: root, stdio: 'inherit' });

console.log(`smk demo: importing the sample exports into ${db}\n`);
for (const [kind, ...args] of steps) {
  console.log(`$ smk import ${kind} ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`);
  smk(['import', kind, ...args]);
  console.log('');
}
console.log('$ smk import --rejected');
smk(['import', '--rejected']);
console.log(`\nThe database is ${db}; look inside with: sqlite3 ${db} 'SELECT stage, count(*) FROM leads GROUP BY stage'`);
