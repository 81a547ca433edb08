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
  /** Day/month order used when a date column holds only ambiguous values. */
  readonly dayOrder?: DayOrder;
  /** Salesforce report exports end with footer lines (report name, totals, copyright). */
  readonly reportFooter?: boolean;
}

const HUBSPOT_LEADS: Profile = {
  name: 'hubspot',
  kind: 'leads',
  title: 'HubSpot contacts export',
  columns: {
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
  },
  signature: ['Record ID', 'Contact ID', 'Lifecycle Stage', 'Contact owner', 'HubSpot Owner', 'Create Date',
    'Original Source', 'HubSpot Score', 'Became a Lead Date', 'Became a Marketing Qualified Lead Date', 'Lead Status'],
};

const HUBSPOT_DEALS: Profile = {
  name: 'hubspot',
  kind: 'deals',
  title: 'HubSpot deals export',
  columns: {
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
  },
  signature: ['Record ID', 'Deal ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Close Date', 'Deal owner', 'Closed Lost Reason'],
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

export const PROFILES: readonly Profile[] = [
  HUBSPOT_LEADS, HUBSPOT_DEALS,
  SALESFORCE_REPORT_LEADS, SALESFORCE_REPORT_DEALS,
  SALESFORCE_DATALOADER_LEADS, SALESFORCE_DATALOADER_DEALS,
  PIPEDRIVE_LEADS, PIPEDRIVE_DEALS,
];

/** `generic` maps the canonical field names themselves, in any case and spacing. */
export const GENERIC = 'generic';

/** Names `--profile` accepts; `salesforce` picks the report or Data Loader variant from the header. */
export const PROFILE_NAMES = ['hubspot', 'salesforce', 'salesforce-report', 'salesforce-dataloader', 'pipedrive', GENERIC] as const;

/** Header labels compared case-, space- and Unicode-form-insensitively. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The generic form of a header: `Created At`, `created-at` and `CREATED_AT` are all `created_at`. */
export function genericHeaderKey(header: string): string {
  return normalizeHeader(header).replace(/[\s-]+/g, '_');
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
 * The built-in profile that fits a header best, or undefined (then `generic` is used).
 * At least three signature headers must match, and more than the canonical field names
 * the header has, so a spreadsheet written with the canonical names stays generic.
 */
export function detectProfile(kind: RecordKind, headers: readonly string[], among?: string): Profile | undefined {
  const canonical = new Set(fieldNamesOf(kind));
  let best: Profile | undefined;
  let bestScore = Math.max(2, headers.filter((h) => canonical.has(genericHeaderKey(h))).length);
  for (const profile of profilesFor(kind, among)) {
    const score = signatureScore(profile, headers);
    if (score > bestScore) {
      best = profile;
      bestScore = score;
    }
  }
  return best;
}
