import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fieldNamesOf } from '../../src/domain/fields.ts';
import { describeMapping, MappingError, resolveMapping } from '../../src/domain/mapping.ts';
import { detectProfile, GENERIC_SYNONYMS, HUBSPOT_CONTACT_LABELS, HUBSPOT_DEAL_LABELS, looseHeaderKey, PROFILE_NAMES, PROFILES } from '../../src/domain/profiles.ts';

const HUBSPOT = ['Record ID', 'First Name', 'Last Name', 'Email', 'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Create Date', 'Original Source', 'HubSpot Score', 'Phone Number'];
const SF_REPORT = ['Lead ID', 'First Name', 'Last Name', 'Company / Account', 'Email', 'Lead Source', 'Lead Status', 'Lead Owner', 'Create Date'];
const SF_DATALOADER = ['Id', 'Name', 'AccountId', 'Amount', 'StageName', 'IsWon', 'IsClosed', 'CloseDate', 'CreatedDate', 'OwnerId'];
const PIPEDRIVE = ['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Stage', 'Deal - Status', 'Deal - Owner', 'Person - Email'];

describe('detectProfile', () => {
  it('recognises each export by its header', () => {
    expect(detectProfile('leads', HUBSPOT)?.name).toBe('hubspot');
    expect(detectProfile('leads', SF_REPORT)?.name).toBe('salesforce-report');
    expect(detectProfile('deals', SF_DATALOADER)?.name).toBe('salesforce-dataloader');
    expect(detectProfile('deals', PIPEDRIVE)?.name).toBe('pipedrive');
  });
  it('does not take a small spreadsheet for a CRM export', () => {
    expect(detectProfile('leads', ['Email', 'Id', 'Name'])).toBeUndefined();
  });
  it('matches headers whatever their case and spacing', () => {
    expect(detectProfile('leads', HUBSPOT.map((h) => ` ${h.toUpperCase()} `))?.name).toBe('hubspot');
  });
});

describe('resolveMapping', () => {
  it('maps profile columns and keeps the rest as extra columns', () => {
    const mapping = resolveMapping({ kind: 'leads', headers: HUBSPOT });
    expect(mapping.profile).toBe('hubspot');
    expect(mapping.detected).toBe(true);
    expect(mapping.columns).toMatchObject({ id: 0, first_name: 1, email: 3, owner: 4, stage: 5, status: 6, created_at: 7, source: 8, score: 9 });
    expect(mapping.extraColumns).toEqual([10]);
  });
  it('maps canonical names in any case and spacing with the generic profile', () => {
    const mapping = resolveMapping({ kind: 'leads', headers: ['ID', 'E-mail', 'Email', 'Created At', 'MQL_AT'] });
    expect(mapping.profile).toBe('generic');
    expect(mapping.columns).toEqual({ id: 0, email: 2, created_at: 3, mql_at: 4 });
    expect(mapping.extraColumns).toEqual([1]);
  });
  it('lets --map override a profile column and --set give a constant', () => {
    const mapping = resolveMapping({ kind: 'leads', headers: HUBSPOT, overrides: { owner: 'Lead Status' }, constants: { campaign: 'Webinar Nov' } });
    expect(mapping.columns.owner).toBe(6);
    expect(mapping.constants).toEqual({ campaign: 'Webinar Nov' });
  });
  it('picks the Salesforce variant from the header when told only "salesforce"', () => {
    expect(resolveMapping({ kind: 'leads', headers: SF_REPORT, profile: 'salesforce' }).profile).toBe('salesforce-report');
    expect(resolveMapping({ kind: 'deals', headers: SF_DATALOADER, profile: 'salesforce' }).profile).toBe('salesforce-dataloader');
  });
  it('names the missing id with the columns found', () => {
    try {
      resolveMapping({ kind: 'deals', headers: ['Name', 'Phone'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).missing).toEqual(['id']);
    }
  });
  it('needs an id or an email for leads', () => {
    expect(() => resolveMapping({ kind: 'leads', headers: ['Name', 'City'] })).toThrow(/id or email/);
    expect(resolveMapping({ kind: 'leads', headers: ['email', 'Name'] }).columns.email).toBe(0);
  });
  it('rejects unknown fields, columns and profiles with a suggestion', () => {
    expect(() => resolveMapping({ kind: 'leads', headers: HUBSPOT, overrides: { ownr: 'Email' } })).toThrow(/"ownr" is not a lead field \(did you mean "owner"\?\)/);
    expect(() => resolveMapping({ kind: 'leads', headers: HUBSPOT, overrides: { owner: 'Contact ownr' } })).toThrow(/no column "Contact ownr" \(did you mean "Contact owner"\?\)/);
    expect(() => resolveMapping({ kind: 'leads', headers: HUBSPOT, profile: 'hubspott' })).toThrow(/unknown profile "hubspott" \(did you mean "hubspot"\?\)/);
  });
});

describe('detectProfile keeps canonical spreadsheets generic', () => {
  it('does not take id,name,amount,stage,… for a Salesforce Data Loader export', () => {
    const headers = ['id', 'lead_id', 'name', 'amount', 'currency', 'stage', 'status', 'created_at', 'closed_at', 'lost_reason'];
    expect(detectProfile('deals', headers)).toBeUndefined();
    expect(resolveMapping({ kind: 'deals', headers }).columns).toMatchObject({ stage: 5, status: 6, closed_at: 8 });
  });
});

/** The header of a fixture file as the import reads it: BOM, UTF-16, Windows-1252, `,` `;` or TAB, quoted labels. */
function fixtureHeader(file: string): string[] {
  const bytes = fs.readFileSync(path.join(FIXTURES, file));
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes);
  } else {
    const end = bytes.indexOf(0x0a);
    const line = bytes.subarray(0, end < 0 ? bytes.length : end);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(line);
    } catch {
      text = new TextDecoder('windows-1252').decode(line);
    }
  }
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
  const delimiter = [';', '\t', ','].reduce((best, d) => (first.split(d).length > first.split(best).length ? d : best), ',');
  return first.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

const FIXTURES = path.join(import.meta.dirname, '../../fixtures');

describe('Zoho CRM exports', () => {
  it('detects a Zoho leads export (LEADID, Lead Owner, Created Time…) and maps it', () => {
    const headers = fixtureHeader('import/zoho-leads.csv');
    expect(headers[0]).toBe('LEADID');
    expect(detectProfile('leads', headers)?.name).toBe('zoho');
    const mapping = resolveMapping({ kind: 'leads', headers });
    expect(mapping).toMatchObject({ profile: 'zoho', detected: true });
    // Zoho leads have no lifecycle stage: the lead status is the stage, as for Salesforce.
    expect(mapping.columns).toEqual({ id: 0, last_name: 1, company: 2, owner: 3, email: 4, source: 8, stage: 9, status: 9, created_at: 10 });
    expect(mapping.extraColumns.map((i) => headers[i])).toEqual(['Mobile', 'Website', 'Industry', 'CONVERTED']);
  });

  it('detects a newer Zoho leads export keyed by Record Id, and one keyed by Lead Id', () => {
    const headers = fixtureHeader('import/zoho-leads-record-id.csv');
    expect(detectProfile('leads', headers)?.name).toBe('zoho');
    expect(resolveMapping({ kind: 'leads', headers }).columns).toEqual({
      id: 0, first_name: 1, last_name: 2, email: 3, company: 4, source: 5, stage: 6, status: 6, owner: 7, created_at: 8,
    });
    // `Lead Id`, `Lead Owner`, `Lead Status` and `Lead Source` are Salesforce report labels too: `Created Time` decides.
    const leadId = ['Lead Id', 'First Name', 'Last Name', 'Email', 'Company', 'Lead Source', 'Lead Status', 'Lead Owner', 'Created Time', 'Rating', 'Industry'];
    expect(detectProfile('leads', leadId)?.name).toBe('zoho');
    expect(resolveMapping({ kind: 'leads', headers: leadId }).columns.id).toBe(0);
    expect(resolveMapping({ kind: 'leads', headers: leadId, profile: 'zoho' }).profile).toBe('zoho');
  });

  it('detects a Zoho potentials export and links each deal to its LEADID, but never takes LEADID for the deal id', () => {
    const headers = fixtureHeader('import/zoho-potentials.csv');
    expect(detectProfile('deals', headers)?.name).toBe('zoho');
    // The sample export has no deal id column: the import stops and asks for one (--map id=…).
    try {
      resolveMapping({ kind: 'deals', headers });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).missing).toEqual(['id']);
    }
    const mapping = resolveMapping({ kind: 'deals', headers, overrides: { id: 'Potential Name' } });
    expect(mapping.profile).toBe('zoho');
    expect(mapping.columns).toEqual({ id: 0, name: 0, owner: 1, created_at: 2, closed_at: 3, amount: 4, stage: 6, source: 9, lead_id: 12 });
    // A potentials export is not a leads export, although it has LEADID, Lead Source and Created Time.
    expect(detectProfile('leads', headers)).toBeUndefined();
  });

  it('detects a newer Zoho deals export (Deal Name, Deal Owner, Record Id) and maps it', () => {
    const headers = fixtureHeader('import/zoho-deals.csv');
    expect(detectProfile('deals', headers)?.name).toBe('zoho');
    const mapping = resolveMapping({ kind: 'deals', headers });
    expect(mapping.columns).toEqual({
      id: 0, name: 1, owner: 2, lead_id: 4, closed_at: 6, stage: 7, amount: 8, currency: 9, lost_reason: 10, source: 11, created_at: 12,
    });
    expect(mapping.extraColumns.map((i) => headers[i])).toEqual(['Contact Name', 'Account Name']);
    expect(resolveMapping({ kind: 'deals', headers: ['Deal Id', ...headers.slice(1)] }).columns.id).toBe(0);
    // …and a Zoho leads export is not a deals export.
    expect(detectProfile('deals', fixtureHeader('import/zoho-leads.csv'))).toBeUndefined();
    expect(detectProfile('deals', fixtureHeader('import/zoho-leads-record-id.csv'))).toBeUndefined();
  });
});

describe('a HubSpot deals export with few columns', () => {
  it('is detected by Record ID + Deal Name, not refused for want of an id', () => {
    const headers = fixtureHeader('import/hubspot-deals-short.csv');
    expect(detectProfile('deals', headers)?.name).toBe('hubspot');
    const mapping = resolveMapping({ kind: 'deals', headers });
    expect(mapping.columns).toEqual({ id: 0, name: 1, amount: 2 });
    expect(mapping.extraColumns).toEqual([3, 4]);
    // Columns HubSpot itself reads under a canonical name (Amount, Currency, Pipeline) are no evidence against it.
    expect(detectProfile('deals', ['Record ID', 'Deal Name', 'Amount', 'Currency', 'Pipeline'])?.name).toBe('hubspot');
  });
  it('needs both headers: one of them, or a contacts export, is not a deals export', () => {
    expect(detectProfile('deals', ['Record ID', 'Amount', 'Region'])).toBeUndefined();
    expect(detectProfile('deals', ['Deal Name', 'Amount', 'Region'])).toBeUndefined();
    expect(detectProfile('leads', ['Record ID', 'Deal Name', 'Amount'])).toBeUndefined();
  });
});

describe('HubSpot exports in the user\'s language (labels in HUBSPOT_CONTACT_LABELS / HUBSPOT_DEAL_LABELS)', () => {
  it('detects hubspot-contacts-es.csv (portal in Spanish) and reads each field from its Spanish header', () => {
    const headers = fixtureHeader('hubspot-contacts-es.csv');
    expect(headers[0]).toBe('ID de registro');
    expect(detectProfile('leads', headers)?.name).toBe('hubspot');
    const mapping = resolveMapping({ kind: 'leads', headers });
    expect(mapping).toMatchObject({ profile: 'hubspot', detected: true });
    expect(describeMapping(mapping, headers).columns).toEqual({
      id: 'ID de registro', first_name: 'Nombre', last_name: 'Apellidos', created_at: 'Fecha de creación', email: 'Correo',
      status: 'Estado del lead', stage: 'Etapa del ciclo de vida', source: 'Fuente original de tráfico',
      campaign: 'Análisis detallado 2 de la fuente de tráfico original', country: 'País/región', owner: 'Propietario del contacto',
      company: 'Associated Company',
    });
    expect(mapping.extraColumns.map((i) => headers[i])).toEqual(['Número de teléfono', 'Análisis detallado 1 de la fuente de tráfico original', 'Associated Company IDs']);
    // …and a contacts export is not a deals export.
    expect(detectProfile('deals', headers)).toBeUndefined();
  });

  it('detects a Spanish contacts export of the default view (id, name, email, owner, lead status, create date)', () => {
    const headers = ['ID de registro', 'Nombre', 'Apellidos', 'Correo', 'Número de teléfono', 'Propietario del contacto', 'Última actividad',
      'Estado del lead', 'Estado del contacto de marketing', 'Fecha de creación', 'Associated Company'];
    expect(resolveMapping({ kind: 'leads', headers }).columns).toEqual({
      id: 0, first_name: 1, last_name: 2, email: 3, owner: 5, status: 7, created_at: 9, company: 10,
    });
    expect(resolveMapping({ kind: 'leads', headers }).profile).toBe('hubspot');
  });

  it('detects a Spanish deals export, and one cut down to its id, name and amount', () => {
    const headers = ['ID de registro', 'Nombre del negocio', 'Etapa del negocio', 'Pipeline', 'Importe', 'Fecha de cierre', 'Fecha de creación',
      'Propietario del negocio', 'Associated Contact IDs'];
    expect(detectProfile('deals', headers)?.name).toBe('hubspot');
    expect(resolveMapping({ kind: 'deals', headers }).columns).toEqual({
      id: 0, name: 1, stage: 2, pipeline: 3, amount: 4, closed_at: 5, created_at: 6, owner: 7, lead_id: 8,
    });
    const short = ['ID de registro', 'Nombre del negocio', 'Importe', 'Región'];
    expect(detectProfile('deals', short)?.name).toBe('hubspot');
    expect(resolveMapping({ kind: 'deals', headers: short }).columns).toEqual({ id: 0, name: 1, amount: 2 });
    expect(detectProfile('leads', headers)).toBeUndefined();
  });

  it('detects a French contacts export and maps the labels found for French', () => {
    const headers = ["ID de fiche d'informations", 'Numéro de téléphone', 'Propriétaire du contact', 'Phase du cycle de vie', 'Statut du lead',
      'Date de création', 'Associated Company'];
    expect(detectProfile('leads', headers)?.name).toBe('hubspot');
    expect(resolveMapping({ kind: 'leads', headers }).columns).toEqual({ id: 0, owner: 2, stage: 3, status: 4, created_at: 5, company: 6 });
  });

  it('maps the French deal labels found; two signature labels are not enough to detect them', () => {
    const headers = ["ID de fiche d'informations", 'Étape de transaction', 'Date de création', 'Associated Contact IDs'];
    expect(detectProfile('deals', headers)).toBeUndefined();
    expect(resolveMapping({ kind: 'deals', headers, profile: 'hubspot' }).columns).toEqual({ id: 0, stage: 1, created_at: 2, lead_id: 3 });
  });

  it('maps a German contacts export with --profile hubspot (no German owner or create-date label was found to detect it)', () => {
    const headers = ['Datensatz-ID', 'Vorname', 'Nachname', 'E-Mail', 'Telefonnummer', 'Firmenname', 'Lifecycle-Phase'];
    expect(detectProfile('leads', headers)).toBeUndefined();
    const mapping = resolveMapping({ kind: 'leads', headers, profile: 'hubspot' });
    expect(mapping.columns).toEqual({ id: 0, first_name: 1, last_name: 2, email: 3, company: 5, stage: 6 });
    expect(mapping.extraColumns).toEqual([4]);
  });

  it('reads the Italian and Portuguese lifecycle stage label with --profile hubspot', () => {
    expect(resolveMapping({ kind: 'leads', headers: ['Record ID', 'Email', 'Fase del ciclo di vita'], profile: 'hubspot' }).columns).toEqual({ id: 0, email: 1, stage: 2 });
    expect(resolveMapping({ kind: 'leads', headers: ['Record ID', 'Email', 'Fase do ciclo de vida'], profile: 'hubspot' }).columns).toEqual({ id: 0, email: 1, stage: 2 });
  });

  it('detects a Portuguese deals export by its name, stage and owner labels', () => {
    const headers = ['ID', 'Nome do negócio', 'Etapa do negócio', 'Proprietário do negócio', 'Valor'];
    expect(detectProfile('deals', headers)?.name).toBe('hubspot');
    expect(resolveMapping({ kind: 'deals', headers, overrides: { id: 'ID' } }).columns).toEqual({ id: 0, name: 1, stage: 2, owner: 3 });
  });

  it('takes neither `ID de registro` alone (Zoho CRM writes it in Spanish too) nor a hand-kept sheet that borrows HubSpot words', () => {
    expect(detectProfile('leads', ['ID de registro', 'Nombre', 'Correo', 'Empresa'])).toBeUndefined();
    expect(detectProfile('deals', ['ID de registro', 'Nombre', 'Importe'])).toBeUndefined();
    // Three HubSpot labels, but four columns (ID, Empresa, Origen, Comercial) that only the generic profile reads.
    const sheet = ['ID', 'Nombre', 'Apellidos', 'Correo', 'Empresa', 'Origen', 'Comercial', 'Etapa del ciclo de vida', 'Estado del lead', 'Fecha de creación'];
    expect(detectProfile('leads', sheet)).toBeUndefined();
    expect(resolveMapping({ kind: 'leads', headers: sheet }).profile).toBe('generic');
  });

  it('declares each translated label once, for a real field, and adds it to the hubspot profiles', () => {
    const [leads, deals] = (['leads', 'deals'] as const).map((kind) => PROFILES.find((p) => p.name === 'hubspot' && p.kind === kind)!);
    for (const [kind, table, profile] of [['leads', HUBSPOT_CONTACT_LABELS, leads], ['deals', HUBSPOT_DEAL_LABELS, deals]] as const) {
      for (const [lang, labels] of Object.entries(table)) {
        for (const [field, label] of Object.entries(labels)) {
          expect(fieldNamesOf(kind), `${kind} ${lang} ${field}`).toContain(field);
          expect(profile!.columns[field], `${kind} ${lang} ${field}`).toContain(label);
        }
      }
    }
    // The English labels still come first.
    expect(leads!.columns.id![0]).toBe('Record ID');
    expect(deals!.marks).toEqual([['Record ID', 'Deal Name'], ['ID de registro', 'Nombre del negocio']]);
  });
});

describe('Spanish and Italian spreadsheets kept by hand (generic profile)', () => {
  it('maps every column of spreadsheet-es.csv without a mapping file, as its mapping file does', () => {
    const headers = fixtureHeader('spreadsheet-es.csv');
    expect(headers).toHaveLength(16);
    const file = YAML.parse(fs.readFileSync(path.join(FIXTURES, 'spreadsheet-es.mapping.yaml'), 'utf8')) as { columns: Record<string, string> };
    const mapping = resolveMapping({ kind: 'leads', headers });
    expect(mapping.profile).toBe('generic');
    expect(describeMapping(mapping, headers).columns).toEqual(file.columns);
    expect(mapping.extraColumns).toEqual([]);
    // The mapping file still works, and gives the same columns.
    const withFile = resolveMapping({ kind: 'leads', headers, profile: 'generic', columns: file.columns });
    expect(withFile.columns).toEqual(mapping.columns);
  });

  it('maps every column of spreadsheet-it.csv', () => {
    const headers = fixtureHeader('import/spreadsheet-it.csv');
    expect(headers).toHaveLength(16);
    const mapping = resolveMapping({ kind: 'leads', headers });
    expect(mapping.profile).toBe('generic');
    expect(describeMapping(mapping, headers).columns).toEqual({
      id: 'ID', email: 'E-mail', first_name: 'Nome', last_name: 'Cognome', company: 'Azienda', source: 'Fonte', campaign: 'Campagna',
      owner: 'Commerciale', score: 'Punteggio', segment: 'Segmento', country: 'Paese', stage: 'Fase', status: 'Stato',
      created_at: 'Data di creazione', first_touch_at: 'Primo contatto', rejection_reason: 'Motivo del rifiuto',
    });
    expect(mapping.extraColumns).toEqual([]);
  });

  it('compares headers without case, accents, punctuation or extra spaces', () => {
    const headers = [' CORREO ELECTRONICO ', 'compania', 'Fecha_de_creacion', 'PAÍS', 'Propietario', 'Puntuacion', 'Fecha  de  alta', 'motivo-de-rechazo'];
    expect(resolveMapping({ kind: 'leads', headers }).columns).toEqual({ email: 0, company: 1, created_at: 2, country: 3, owner: 4, score: 5, rejection_reason: 7 });
    expect(resolveMapping({ kind: 'leads', headers: ['Email', 'Società', 'Proprietario', 'Data creazione', 'Origine'] }).columns)
      .toEqual({ email: 0, company: 1, owner: 2, created_at: 3, source: 4 });
  });

  it('reads the ambiguous words as the teams use them', () => {
    expect(resolveMapping({ kind: 'leads', headers: ['Correo', 'Nombre', 'Apellido', 'Estado', 'Etapa'] }).columns)
      .toEqual({ email: 0, first_name: 1, last_name: 2, status: 3, stage: 4 });
    expect(resolveMapping({ kind: 'leads', headers: ['Email', 'Fase', 'Responsable', 'Fuente', 'Fecha MQL'] }).columns)
      .toEqual({ email: 0, stage: 1, owner: 2, source: 3, mql_at: 4 });
  });

  it('maps Spanish and Italian deal headers', () => {
    expect(resolveMapping({ kind: 'deals', headers: ['ID', 'Nombre', 'Importe', 'Moneda', 'Etapa', 'Estado', 'Fecha de creación', 'Fecha de cierre', 'Motivo de pérdida', 'Comercial', 'Correo'] }).columns)
      .toEqual({ id: 0, name: 1, amount: 2, currency: 3, stage: 4, status: 5, created_at: 6, closed_at: 7, lost_reason: 8, owner: 9, lead_email: 10 });
    expect(resolveMapping({ kind: 'deals', headers: ['id', 'Nome', 'Importo', 'Valuta', 'Fase', 'Stato', 'Data di creazione', 'Data di chiusura', 'Motivo della perdita', 'Responsabile', 'Fonte'] }).columns)
      .toEqual({ id: 0, name: 1, amount: 2, currency: 3, stage: 4, status: 5, created_at: 6, closed_at: 7, lost_reason: 8, owner: 9, source: 10 });
  });

  it('lets the canonical name win over a synonym, and gives no word to two fields', () => {
    expect(resolveMapping({ kind: 'leads', headers: ['Estado', 'status', 'Correo'] }).columns).toEqual({ status: 1, email: 2 });
    for (const kind of ['leads', 'deals'] as const) {
      const owner = new Map<string, string>();
      for (const [field, words] of Object.entries(GENERIC_SYNONYMS[kind])) {
        expect(fieldNamesOf(kind)).toContain(field);
        for (const word of words) {
          const key = looseHeaderKey(word);
          expect(owner.get(key) ?? field, `${kind}: "${word}"`).toBe(field);
          expect(fieldNamesOf(kind).map((f) => looseHeaderKey(f))).not.toContain(key);
          owner.set(key, field);
        }
      }
    }
  });
});

describe('detection has no false positives on the fixtures', () => {
  // What each fixture's header is detected as, for leads and for deals (undefined: generic).
  const EXPECTED: Record<string, { leads?: string; deals?: string }> = {
    'hubspot-contacts-2026-11-16.csv': { leads: 'hubspot' },
    'hubspot-contacts-2026-11-23.csv': { leads: 'hubspot' },
    'hubspot-deals.csv': { deals: 'hubspot' },
    'pipedrive-deals.csv': { deals: 'pipedrive' },
    'rows-with-errors.csv': {},
    'salesforce-leads-report.csv': { leads: 'salesforce-report' },
    'salesforce-opportunities-dataloader.csv': { leads: 'salesforce-dataloader', deals: 'salesforce-dataloader' },
    'spreadsheet-es.csv': {},
    'evento-milano-utf16.txt': {},
    'bad/ambiguous-dates.csv': {},
    'bad/duplicate-headers.csv': {},
    'bad/header-only.csv': { leads: 'hubspot' },
    'bad/invalid-utf8.csv': {},
    'bad/no-id-column.csv': {},
    'bad/unclosed-quote.csv': {},
    'check/deals.csv': {},
    'check/leads.csv': {},
    'figures/deals-latam.csv': {},
    'figures/leads-latam.csv': {},
    'figures/olist-mqls.csv': {},
    'figures/olist-won-deals.csv': {},
    'figures/salesforce-opportunities.csv': { leads: 'salesforce-dataloader', deals: 'salesforce-dataloader' },
    'review/deals.csv': {},
    'review/leads-2026-11-16.csv': {},
    'review/leads.csv': {},
    'import/zoho-leads.csv': { leads: 'zoho' },
    'import/zoho-leads-record-id.csv': { leads: 'zoho' },
    'import/zoho-potentials.csv': { deals: 'zoho' },
    'import/zoho-deals.csv': { deals: 'zoho' },
    'import/hubspot-deals-short.csv': { deals: 'hubspot' },
    'import/spreadsheet-it.csv': {},
    'hubspot-contacts-es.csv': { leads: 'hubspot' },
  };

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const headers = fixtureHeader(file);
    expect(detectProfile('leads', headers)?.name).toBe(expected.leads);
    expect(detectProfile('deals', headers)?.name).toBe(expected.deals);
  });

  it('takes no other fixture for a Zoho export', () => {
    const files = fs.readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(csv|txt)$/.test(f) && !f.startsWith('import') && fs.statSync(path.join(FIXTURES, f)).size > 0);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const headers = fixtureHeader(file);
      expect(detectProfile('leads', headers)?.name, file).not.toBe('zoho');
      expect(detectProfile('deals', headers)?.name, file).not.toBe('zoho');
    }
  });
});

describe('schema/mapping.schema.json', () => {
  it('accepts every profile the importer knows, and no other', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../schema/mapping.schema.json'), 'utf8'));
    expect(schema.properties.profile.enum).toEqual([...PROFILE_NAMES]);
  });
});
