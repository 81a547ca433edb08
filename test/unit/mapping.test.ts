import { describe, expect, it } from 'vitest';
import { MappingError, resolveMapping } from '../../src/domain/mapping.ts';
import { detectProfile } from '../../src/domain/profiles.ts';

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
