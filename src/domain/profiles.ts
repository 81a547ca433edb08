/**
 * Built-in column mappings for the exports the teams already have, with the header labels
 * those tools really write. A profile maps each canonical field to the headers it may appear
 * under (first one present wins); `signature` headers identify the export for detection.
 */
import { fieldNamesOf, type RecordKind } from './fields.ts';
import type { DayOrder } from './dates.ts';

export interface Profile {
  /** What users type after `--profile`. */
  readonly name: string;
  readonly kind: RecordKind;
  readonly title: string;
  readonly columns: Readonly<Record<string, readonly string[]>>;
  /**
   * Headers that together identify this export; detection counts how many are present. Words any
   * spreadsheet may have (Id, Name, Email, Amount, Status) are left out: they identify nothing.
   */
  readonly signature: readonly string[];
  /**
   * Sets of signature headers that identify the export together even when fewer than three
   * signature headers are present (a HubSpot deals export of `Record ID`, `Deal Name`, `Amount`
   * and custom columns). Zoho deals exports write `Record Id` and `Deal Name` too, but with more
   * signature headers of their own (`Deal Owner`, `Closing Date`…), so they outscore the mark.
   */
  readonly marks?: ReadonlyArray<readonly string[]>;
  /** Headers that say the file is another export (a deals file imported as leads): none may be present. */
  readonly excludedBy?: readonly string[];
  /** Day/month order used when a date column holds only ambiguous values. */
  readonly dayOrder?: DayOrder;
  /** Salesforce report exports end with footer lines (report name, totals, copyright). */
  readonly reportFooter?: boolean;
}

/**
 * The header labels HubSpot writes when the user's HubSpot language is not English, per field
 * (added after the English ones). Declared once: the profiles' columns, signatures and marks below
 * are built from these tables. Only labels found in public material are listed (the sources are in
 * docs/import-profiles.md); a language whose label for a field was not found leaves that field out
 * rather than guess it. Association columns stay in English in translated exports: the English
 * lists already read them. Zoho CRM in Spanish writes `ID de registro` too: it is never enough
 * alone to make a file HubSpot's.
 */
type HubSpotLanguage = 'es' | 'fr' | 'de' | 'it' | 'pt';
type LabelTable = Readonly<Record<HubSpotLanguage, Readonly<Record<string, string>>>>;

export const HUBSPOT_CONTACT_LABELS: LabelTable = {
  es: {
    id: 'ID de registro', email: 'Correo', first_name: 'Nombre', last_name: 'Apellidos', source: 'Fuente original de tráfico',
    campaign: 'Análisis detallado 2 de la fuente de tráfico original', owner: 'Propietario del contacto', country: 'País/región',
    stage: 'Etapa del ciclo de vida', status: 'Estado del lead', created_at: 'Fecha de creación',
  },
  fr: {
    id: "ID de fiche d'informations", owner: 'Propriétaire du contact', stage: 'Phase du cycle de vie', status: 'Statut du lead',
    created_at: 'Date de création',
  },
  de: { id: 'Datensatz-ID', email: 'E-Mail', first_name: 'Vorname', last_name: 'Nachname', company: 'Firmenname', stage: 'Lifecycle-Phase' },
  it: { stage: 'Fase del ciclo di vita' },
  pt: { stage: 'Fase do ciclo de vida' },
};

export const HUBSPOT_DEAL_LABELS: LabelTable = {
  es: {
    id: 'ID de registro', name: 'Nombre del negocio', amount: 'Importe', stage: 'Etapa del negocio', created_at: 'Fecha de creación',
    closed_at: 'Fecha de cierre', owner: 'Propietario del negocio',
  },
  fr: { id: "ID de fiche d'informations", stage: 'Étape de transaction', created_at: 'Date de création' },
  de: {},
  it: {},
  pt: { name: 'Nome do negócio', stage: 'Etapa do negócio', owner: 'Proprietário do negócio' },
};

/** The fields whose translated labels count for detection, as their English labels do. */
const HUBSPOT_CONTACT_SIGNATURE_FIELDS = ['id', 'owner', 'stage', 'status', 'created_at', 'source'];
const HUBSPOT_DEAL_SIGNATURE_FIELDS = ['id', 'name', 'stage', 'closed_at', 'owner'];

/** The English columns with each language's label appended to its field. */
function withTranslations(columns: Readonly<Record<string, readonly string[]>>, labels: LabelTable): Record<string, readonly string[]> {
  const merged: Record<string, string[]> = Object.fromEntries(Object.entries(columns).map(([field, list]) => [field, [...list]]));
  for (const byField of Object.values(labels)) {
    for (const [field, label] of Object.entries(byField)) (merged[field] ??= []).push(label);
  }
  return merged;
}

/** The translated labels of the signature fields, in language order. */
function translatedSignature(labels: LabelTable, fields: readonly string[]): string[] {
  return Object.values(labels).flatMap((byField) => fields.flatMap((field) => (byField[field] === undefined ? [] : [byField[field]!])));
}

const HUBSPOT_LEADS: Profile = {
  name: 'hubspot',
  kind: 'leads',
  title: 'HubSpot contacts export',
  columns: withTranslations({
    id: ['Record ID', 'Contact ID'],
    email: ['Email'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    company: ['Company Name', 'Associated Company'],
    source: ['Original Source'],
    campaign: ['Campaign', 'UTM Campaign', 'Original Source Drill-Down 2'],
    owner: ['Contact owner', 'HubSpot Owner'],
    score: ['HubSpot Score'],
    segment: ['Persona'],
    country: ['Country/Region', 'Country'],
    stage: ['Lifecycle Stage'],
    status: ['Lead Status'],
    created_at: ['Create Date'],
    lead_at: ['Became a Lead Date'],
    mql_at: ['Became a Marketing Qualified Lead Date'],
    sal_at: ['Became a Sales Accepted Lead Date'],
    sql_at: ['Became a Sales Qualified Lead Date'],
    opportunity_at: ['Became an Opportunity Date'],
    customer_at: ['Became a Customer Date'],
    first_touch_at: ['First Engagement Date', 'Date of first engagement'],
    rejected_at: ['Rejection Date', 'Disqualification Date'],
    rejection_reason: ['Rejection Reason', 'Disqualification Reason'],
  }, HUBSPOT_CONTACT_LABELS),
  signature: ['Record ID', 'Contact ID', 'Lifecycle Stage', 'Contact owner', 'HubSpot Owner', 'Create Date',
    'Original Source', 'HubSpot Score', 'Became a Lead Date', 'Became a Marketing Qualified Lead Date', 'Lead Status',
    ...translatedSignature(HUBSPOT_CONTACT_LABELS, HUBSPOT_CONTACT_SIGNATURE_FIELDS)],
};

const HUBSPOT_DEALS: Profile = {
  name: 'hubspot',
  kind: 'deals',
  title: 'HubSpot deals export',
  columns: withTranslations({
    id: ['Record ID', 'Deal ID'],
    lead_id: ['Associated Contact IDs', 'Associated Contact ID', 'Contact ID'],
    lead_email: ['Associated Contact Email'],
    name: ['Deal Name'],
    amount: ['Amount'],
    currency: ['Deal Currency Code', 'Currency'],
    pipeline: ['Pipeline'],
    stage: ['Deal Stage'],
    created_at: ['Create Date'],
    closed_at: ['Close Date'],
    lost_reason: ['Closed Lost Reason'],
    owner: ['Deal owner', 'HubSpot Owner'],
    source: ['Original Source Type', 'Original Source'],
  }, HUBSPOT_DEAL_LABELS),
  signature: ['Record ID', 'Deal ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Close Date', 'Deal owner', 'Closed Lost Reason',
    ...translatedSignature(HUBSPOT_DEAL_LABELS, HUBSPOT_DEAL_SIGNATURE_FIELDS)],
  // A deals export cut down to a few properties still has these two, in any language.
  marks: [['Record ID', 'Deal Name'], ...Object.values(HUBSPOT_DEAL_LABELS).flatMap((l) => (l.id && l.name ? [[l.id, l.name]] : []))],
};

const SALESFORCE_REPORT_LEADS: Profile = {
  name: 'salesforce-report',
  kind: 'leads',
  title: 'Salesforce lead report export',
  columns: {
    id: ['Lead ID'],
    email: ['Email'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    company: ['Company / Account', 'Company'],
    source: ['Lead Source'],
    campaign: ['Campaign Name', 'Last Campaign'],
    owner: ['Lead Owner'],
    score: ['Lead Score'],
    country: ['Country'],
    // Salesforce has no lifecycle stage on leads: its lead status is where the funnel stage lives.
    stage: ['Lead Status'],
    status: ['Lead Status'],
    created_at: ['Create Date', 'Created Date'],
    sql_at: ['Converted Date'],
    first_touch_at: ['First Response Date', 'First Activity'],
    rejected_at: ['Disqualified Date'],
    rejection_reason: ['Disqualification Reason', 'Unqualified Reason'],
  },
  signature: ['Lead ID', 'Lead Owner', 'Lead Status', 'Lead Source', 'Company / Account', 'Create Date', 'Converted Date'],
  // The default (en_US) Salesforce locale writes 10/5/2026 9:15 AM.
  dayOrder: 'MDY',
  reportFooter: true,
};

const SALESFORCE_DATALOADER_LEADS: Profile = {
  name: 'salesforce-dataloader',
  kind: 'leads',
  title: 'Salesforce Data Loader lead export',
  columns: {
    id: ['Id'],
    email: ['Email'],
    first_name: ['FirstName'],
    last_name: ['LastName'],
    company: ['Company'],
    source: ['LeadSource'],
    campaign: ['Campaign__c'],
    owner: ['Owner.Name', 'OwnerId'],
    score: ['Lead_Score__c'],
    country: ['Country'],
    stage: ['Status'],
    status: ['Status'],
    created_at: ['CreatedDate'],
    sql_at: ['ConvertedDate'],
    first_touch_at: ['First_Response_Date__c'],
    rejected_at: ['Disqualified_Date__c'],
    rejection_reason: ['Disqualification_Reason__c'],
  },
  signature: ['FirstName', 'LastName', 'LeadSource', 'OwnerId', 'CreatedDate', 'ConvertedDate', 'IsConverted'],
};

const SALESFORCE_REPORT_DEALS: Profile = {
  name: 'salesforce-report',
  kind: 'deals',
  title: 'Salesforce opportunity report export',
  columns: {
    id: ['Opportunity ID'],
    lead_id: ['Lead ID', 'Converted Lead ID'],
    lead_email: ['Contact: Email', 'Primary Contact Email', 'Email'],
    name: ['Opportunity Name'],
    amount: ['Amount'],
    currency: ['Opportunity Currency', 'Amount Currency'],
    pipeline: ['Opportunity Record Type', 'Type'],
    stage: ['Stage'],
    is_won: ['Won'],
    is_closed: ['Closed'],
    created_at: ['Created Date'],
    closed_at: ['Close Date'],
    lost_reason: ['Loss Reason', 'Closed Lost Reason', 'LossReason__c'],
    owner: ['Opportunity Owner'],
    source: ['Lead Source'],
  },
  signature: ['Opportunity ID', 'Opportunity Name', 'Opportunity Owner', 'Stage', 'Close Date', 'Amount', 'Won', 'Closed'],
  dayOrder: 'MDY',
  reportFooter: true,
};

const SALESFORCE_DATALOADER_DEALS: Profile = {
  name: 'salesforce-dataloader',
  kind: 'deals',
  title: 'Salesforce Data Loader opportunity export',
  columns: {
    id: ['Id'],
    // Opportunities do not point back to the converted lead in standard Salesforce;
    // teams that track it use a custom lookup field.
    lead_id: ['Lead__c', 'Lead_Id__c', 'Converted_Lead__c'],
    lead_email: ['Contact.Email', 'Contact_Email__c'],
    name: ['Name'],
    amount: ['Amount'],
    currency: ['CurrencyIsoCode'],
    pipeline: ['RecordType.Name', 'Type'],
    stage: ['StageName'],
    is_won: ['IsWon'],
    is_closed: ['IsClosed'],
    created_at: ['CreatedDate'],
    closed_at: ['CloseDate'],
    lost_reason: ['Loss_Reason__c', 'LossReason__c', 'Loss Reason'],
    owner: ['Owner.Name', 'OwnerId'],
    source: ['LeadSource'],
  },
  signature: ['StageName', 'IsWon', 'IsClosed', 'CloseDate', 'CreatedDate', 'AccountId', 'OwnerId'],
};

const PIPEDRIVE_DEALS: Profile = {
  name: 'pipedrive',
  kind: 'deals',
  title: 'Pipedrive deals export',
  columns: {
    id: ['Deal - ID'],
    lead_id: ['Person - ID'],
    lead_email: ['Person - Email', 'Deal - Contact person email'],
    name: ['Deal - Title'],
    amount: ['Deal - Value'],
    currency: ['Deal - Currency'],
    pipeline: ['Deal - Pipeline'],
    stage: ['Deal - Stage'],
    status: ['Deal - Status'],
    created_at: ['Deal - Deal created', 'Deal - Add time'],
    closed_at: ['Deal - Deal closed on', 'Deal - Won time', 'Deal - Close time'],
    lost_reason: ['Deal - Lost reason'],
    owner: ['Deal - Owner'],
    source: ['Deal - Source', 'Deal - Source channel'],
  },
  signature: ['Deal - ID', 'Deal - Title', 'Deal - Stage', 'Deal - Status', 'Deal - Value', 'Deal - Currency', 'Deal - Owner', 'Deal - Lost reason', 'Deal - Won time'],
};

const PIPEDRIVE_LEADS: Profile = {
  name: 'pipedrive',
  kind: 'leads',
  title: 'Pipedrive leads / persons export',
  columns: {
    id: ['Lead - ID', 'Person - ID'],
    email: ['Person - Email', 'Lead - Email'],
    first_name: ['Person - First name'],
    last_name: ['Person - Last name'],
    company: ['Organization - Name', 'Lead - Organization', 'Person - Organization'],
    source: ['Lead - Source', 'Person - Source', 'Lead - Source channel'],
    campaign: ['Lead - Campaign'],
    owner: ['Lead - Owner', 'Person - Owner'],
    segment: ['Lead - Labels', 'Person - Labels', 'Person - Label'],
    country: ['Person - Country', 'Organization - Country'],
    stage: ['Lead - Stage', 'Person - Stage'],
    status: ['Lead - Status'],
    created_at: ['Lead - Lead created', 'Lead - Created', 'Person - Person created'],
  },
  signature: ['Lead - ID', 'Lead - Title', 'Lead - Owner', 'Lead - Source', 'Person - ID', 'Person - Name', 'Person - Email', 'Person - Owner', 'Person - Person created'],
};

/**
 * Zoho CRM leads. Older exports write the id as `LEADID` (18–19 digits: stored as text), newer ones
 * `Record Id` or `Lead Id`. Zoho has no lifecycle stage on leads: the lead status is the stage.
 */
const ZOHO_LEADS: Profile = {
  name: 'zoho',
  kind: 'leads',
  title: 'Zoho CRM leads export',
  columns: {
    id: ['Record Id', 'Lead Id', 'LEADID'],
    email: ['Email'],
    first_name: ['First Name'],
    last_name: ['Last Name'],
    company: ['Company'],
    source: ['Lead Source'],
    owner: ['Lead Owner'],
    score: ['Score', 'Lead Score'],
    country: ['Country'],
    stage: ['Lead Status'],
    status: ['Lead Status'],
    created_at: ['Created Time'],
  },
  // `Lead Id`, `Lead Owner`, `Lead Status` and `Lead Source` are Salesforce report labels too, and
  // `Record Id` is HubSpot's: Zoho wins only with a header of its own (`Created Time`, `LEADID`…);
  // on a tie the profile listed first (HubSpot, Salesforce) is chosen.
  signature: ['LEADID', 'Lead Id', 'Record Id', 'Lead Owner', 'Lead Status', 'Lead Source', 'Created Time', 'Lead Conversion Time'],
  // A potentials export has `LEADID`, `Lead Source` and `Created Time` too: it is not a leads export.
  excludedBy: ['Potential Name', 'Potential Owner', 'Deal Name', 'Deal Owner', 'Closing Date'],
};

/**
 * Zoho CRM deals, called Potentials in older exports. An old Potentials export may have no deal id
 * column at all (only `LEADID`, the lead it came from): the id is then missing, never guessed.
 */
const ZOHO_DEALS: Profile = {
  name: 'zoho',
  kind: 'deals',
  title: 'Zoho CRM deals (potentials) export',
  columns: {
    id: ['Record Id', 'Deal Id', 'Potential Id', 'POTENTIALID'],
    lead_id: ['LEADID', 'Lead Id', 'Contact Id', 'CONTACTID'],
    name: ['Deal Name', 'Potential Name'],
    amount: ['Amount'],
    currency: ['Currency'],
    pipeline: ['Pipeline'],
    stage: ['Stage'],
    created_at: ['Created Time'],
    closed_at: ['Closing Date'],
    lost_reason: ['Reason For Loss'],
    owner: ['Deal Owner', 'Potential Owner'],
    source: ['Lead Source'],
  },
  // Not `LEADID`: the leads export's own id column (here only the link to the lead).
  signature: ['Potential Name', 'Potential Owner', 'Potential Id', 'POTENTIALID', 'Deal Owner', 'Deal Id', 'Record Id', 'Deal Name',
    'Closing Date', 'Created Time', 'Expected Revenue', 'Forecast Type', 'Reason For Loss', 'Age in Days'],
};

export const PROFILES: readonly Profile[] = [
  HUBSPOT_LEADS, HUBSPOT_DEALS,
  SALESFORCE_REPORT_LEADS, SALESFORCE_REPORT_DEALS,
  SALESFORCE_DATALOADER_LEADS, SALESFORCE_DATALOADER_DEALS,
  PIPEDRIVE_LEADS, PIPEDRIVE_DEALS,
  // Last: it shares some headers with HubSpot and Salesforce, and a tie goes to the profile listed first.
  ZOHO_LEADS, ZOHO_DEALS,
];

/**
 * `generic` maps the canonical field names themselves, in any case and spacing, and the Spanish and
 * Italian headers of a spreadsheet kept by hand (`GENERIC_SYNONYMS`).
 */
export const GENERIC = 'generic';

/** Names `--profile` accepts; `salesforce` picks the report or Data Loader variant from the header. */
export const PROFILE_NAMES = ['hubspot', 'salesforce', 'salesforce-report', 'salesforce-dataloader', 'pipedrive', 'zoho', GENERIC] as const;

/** Header labels compared case-, space- and Unicode-form-insensitively. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The generic form of a header: `Created At`, `created-at` and `CREATED_AT` are all `created_at`. */
export function genericHeaderKey(header: string): string {
  return normalizeHeader(header).replace(/[\s-]+/g, '_');
}

/**
 * A header without case, accents and punctuation, for the words of a spreadsheet kept by hand:
 * `Compañía`, `COMPANIA` and `compañia` are all `compania`, `Fecha_alta` and `Fecha alta` are `fecha alta`.
 */
export function looseHeaderKey(header: string): string {
  return normalizeHeader(header).normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const OWNER_WORDS = ['Propietario', 'Comercial', 'Responsable', 'Vendedor', 'Proprietario', 'Commerciale', 'Responsabile', 'Venditore'];
const SOURCE_WORDS = ['Origen', 'Fuente', 'Canal', 'Fonte', 'Origine', 'Canale'];
const CREATED_WORDS = ['Fecha de creación', 'Fecha creación', 'Fecha de alta', 'Fecha alta', 'Data di creazione', 'Data creazione'];

/**
 * The headers of spreadsheets kept by hand in Spain and Italy, per field (first one present wins),
 * read by the `generic` profile after the canonical names. Compared by `looseHeaderKey`. Ambiguous
 * words go where the teams use them: `Estado`/`Stato` is the status, `Etapa`/`Fase` the stage,
 * `Nombre`/`Nome` alone the first name of a lead and the name of a deal.
 */
export const GENERIC_SYNONYMS: Readonly<Record<RecordKind, Readonly<Record<string, readonly string[]>>>> = {
  leads: {
    email: ['Correo', 'Correo electrónico', 'E-mail', 'Mail', 'Posta elettronica', 'Indirizzo email', 'Indirizzo e-mail'],
    first_name: ['Nombre', 'Nome'],
    last_name: ['Apellidos', 'Apellido', 'Cognome'],
    company: ['Empresa', 'Compañía', 'Azienda', 'Società', 'Ragione sociale'],
    source: SOURCE_WORDS,
    campaign: ['Campaña', 'Campagna'],
    owner: OWNER_WORDS,
    score: ['Puntuación', 'Punteggio'],
    segment: ['Segmento'],
    country: ['País', 'Paese', 'Nazione'],
    stage: ['Etapa', 'Fase', 'Etapa del ciclo de vida', 'Fase del ciclo di vita'],
    status: ['Estado', 'Stato', 'Estado del lead', 'Stato del lead'],
    created_at: CREATED_WORDS,
    mql_at: ['Fecha MQL', 'Data MQL'],
    sal_at: ['Fecha SAL', 'Data SAL'],
    sql_at: ['Fecha SQL', 'Data SQL'],
    first_touch_at: ['Primer contacto', 'Fecha primer contacto', 'Fecha de primer contacto', 'Primo contatto', 'Data primo contatto', 'Data del primo contatto'],
    rejected_at: ['Fecha de rechazo', 'Fecha rechazo', 'Data del rifiuto', 'Data rifiuto'],
    rejection_reason: ['Motivo de rechazo', 'Motivo rechazo', 'Motivo del rechazo', 'Motivo del rifiuto', 'Motivo rifiuto'],
  },
  deals: {
    lead_id: ['ID lead', 'ID del lead', 'ID contacto', 'ID contatto'],
    lead_email: ['Correo', 'Correo electrónico', 'Correo del contacto', 'Email del contacto', 'Email contatto', 'E-mail contatto'],
    name: ['Nombre', 'Nombre del negocio', 'Nombre de la oportunidad', 'Negocio', 'Oportunidad', 'Nome', 'Nome trattativa', 'Nome opportunità', 'Trattativa', 'Opportunità'],
    amount: ['Importe', 'Monto', 'Valor', 'Importo', 'Valore'],
    currency: ['Moneda', 'Divisa', 'Valuta'],
    pipeline: ['Embudo'],
    stage: ['Etapa', 'Fase'],
    status: ['Estado', 'Stato'],
    created_at: CREATED_WORDS,
    closed_at: ['Fecha de cierre', 'Fecha cierre', 'Data di chiusura', 'Data chiusura'],
    lost_reason: ['Motivo de pérdida', 'Motivo pérdida', 'Motivo de la pérdida', 'Motivo della perdita', 'Motivo perdita'],
    owner: OWNER_WORDS,
    source: SOURCE_WORDS,
  },
};

/**
 * The columns the `generic` profile reads (field → column index): each field under its canonical
 * name (first such column), else under its first synonym present that no other field took.
 */
export function genericColumns(kind: RecordKind, headers: readonly string[]): Record<string, number> {
  const columns: Record<string, number> = {};
  const fields = new Set(fieldNamesOf(kind));
  headers.forEach((header, index) => {
    const key = genericHeaderKey(header);
    if (fields.has(key) && columns[key] === undefined) columns[key] = index;
  });
  const used = new Set(Object.values(columns));
  const loose = new Map<string, number>();
  headers.forEach((header, index) => {
    const key = looseHeaderKey(header);
    if (!used.has(index) && !loose.has(key)) loose.set(key, index);
  });
  for (const [field, words] of Object.entries(GENERIC_SYNONYMS[kind])) {
    if (columns[field] !== undefined) continue;
    for (const word of words) {
      const index = loose.get(looseHeaderKey(word));
      if (index !== undefined && !used.has(index)) {
        columns[field] = index;
        used.add(index);
        break;
      }
    }
  }
  return columns;
}

export function profilesFor(kind: RecordKind, name?: string): Profile[] {
  return PROFILES.filter((p) => p.kind === kind && (name === undefined || p.name === name || (name === 'salesforce' && p.name.startsWith('salesforce-'))));
}

/** How many of a profile's signature headers the file has. */
export function signatureScore(profile: Profile, headers: readonly string[]): number {
  const present = new Set(headers.map(normalizeHeader));
  return profile.signature.filter((h) => present.has(normalizeHeader(h))).length;
}

/**
 * The built-in profile that fits a header best, or undefined (then `generic` is used). A profile
 * qualifies with three signature headers, or two that form one of its `marks`, and more signature
 * headers than the header has columns `generic` would read and the profile would not (so a
 * spreadsheet written with the canonical names stays generic instead of losing them to `extra`).
 * A profile does not qualify when the header has one of its `excludedBy` headers.
 * The highest score wins; a tie goes to the profile listed first in PROFILES.
 */
export function detectProfile(kind: RecordKind, headers: readonly string[], among?: string): Profile | undefined {
  const present = new Set(headers.map(normalizeHeader));
  const genericReads = Object.values(genericColumns(kind, headers)).map((i) => normalizeHeader(headers[i]!));
  let best: Profile | undefined;
  let bestScore = 0;
  for (const profile of profilesFor(kind, among)) {
    const score = signatureScore(profile, headers);
    const marked = profile.marks?.some((mark) => mark.every((h) => present.has(normalizeHeader(h)))) ?? false;
    if (score < (marked ? 2 : 3)) continue;
    if (profile.excludedBy?.some((h) => present.has(normalizeHeader(h)))) continue;
    const reads = new Set(Object.values(profile.columns).flat().map(normalizeHeader));
    const lost = genericReads.filter((h) => !reads.has(h)).length;
    if (score > lost && score > bestScore) {
      best = profile;
      bestScore = score;
    }
  }
  return best;
}
