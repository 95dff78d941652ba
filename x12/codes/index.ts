// Typed access to the code tables in ./data (CARC, RARC, group codes, 277
// status categories, CLP02 claim status, PLB reasons): the X12 external code
// lists as published, nothing of how an organisation routes them. Lookups never throw for unknown codes: an ERA from a payer that uses
// a code newer than our data must still be worked, so the caller gets
// `known: false` and a readable "unknown ... code" description instead.
import carcJson from './data/carc.json' with { type: 'json' };
import claimStatusJson from './data/claim-status.json' with { type: 'json' };
import groupJson from './data/group-codes.json' with { type: 'json' };
import plbReasonJson from './data/plb-reasons.json' with { type: 'json' };
import rarcJson from './data/rarc.json' with { type: 'json' };
import statusCategoryJson from './data/status-category.json' with { type: 'json' };
import { CodeTableSchema, type CodeEntry, type CodeTable } from './schema.ts';

export type { CodeEntry, CodeTable };

export const TABLE_FILES = {
  carc: 'carc.json',
  rarc: 'rarc.json',
  group: 'group-codes.json',
  statusCategory: 'status-category.json',
  claimStatus: 'claim-status.json',
  plbReason: 'plb-reasons.json',
} as const;
export type TableName = keyof typeof TABLE_FILES;

export interface CodeDescription {
  code: string;
  known: boolean;
  /** Description, or `Unknown <table> code "<code>"` when not in the table. */
  description: string;
  /** False when the code exists but is outside its start/stop dates on `onDate`. */
  active: boolean;
  table: string;
  tableVersion: string;
  /** Group codes: who bears the amount. */
  liability?: 'patient' | 'provider' | 'none';
  /** Status category codes: family (acknowledgement, pending, ...) and its meaning. */
  category?: string;
  categoryMeaning?: string;
}

interface Loaded {
  table: CodeTable;
  byCode: Map<string, CodeEntry>;
}
const tables = new Map<TableName, Loaded>();

/** The shipped tables, bundled with the code so a compiled CLI reads no files at start. */
const SHIPPED: Record<TableName, unknown> = {
  carc: carcJson,
  rarc: rarcJson,
  group: groupJson,
  statusCategory: statusCategoryJson,
  claimStatus: claimStatusJson,
  plbReason: plbReasonJson,
};

/** Validate a code table (also used by tests on the shipped files). */
export function parseCodeTable(raw: unknown, source = 'code table'): CodeTable {
  const r = CodeTableSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function loadTable(name: TableName): CodeTable {
  let t = tables.get(name);
  if (t === undefined) {
    const file = TABLE_FILES[name];
    const table = parseCodeTable(SHIPPED[name], file);
    t = { table, byCode: new Map(table.codes.map((c) => [c.code, c])) };
    tables.set(name, t);
  }
  return t.table;
}

/** Replace a table at runtime (tests, or an organization's newer code list). */
export function useTable(name: TableName, table: CodeTable): void {
  const valid = parseCodeTable(table, name);
  tables.set(name, { table: valid, byCode: new Map(valid.codes.map((c) => [c.code, c])) });
}

function normalize(code: unknown): string {
  return typeof code === 'string'
    ? code.trim().toUpperCase()
    : code === null || code === undefined
      ? ''
      : String(code).trim().toUpperCase();
}

function describe(name: TableName, label: string, rawCode: unknown, onDate?: string | Date): CodeDescription {
  loadTable(name);
  const { table, byCode } = tables.get(name)!;
  const code = normalize(rawCode);
  const entry = byCode.get(code);
  const base = { code, table: table.table, tableVersion: table.version };
  if (entry === undefined)
    return { ...base, known: false, active: false, description: `Unknown ${label} code "${code}"` };
  const day =
    onDate === undefined
      ? undefined
      : typeof onDate === 'string'
        ? onDate.slice(0, 10)
        : onDate.toISOString().slice(0, 10);
  const active =
    day === undefined || ((entry.start === null || day >= entry.start) && (entry.stop === null || day <= entry.stop));
  const out: CodeDescription = {
    ...base,
    known: true,
    active,
    description: active ? entry.description : `${entry.description} (not in effect on ${day})`,
  };
  if (entry.liability !== undefined) out.liability = entry.liability;
  if (entry.category !== undefined) {
    out.category = entry.category;
    const meaning = table.categories?.[entry.category];
    if (meaning !== undefined) out.categoryMeaning = meaning;
  }
  return out;
}

/** Claim adjustment reason code (CAS02/05/...). */
export const describeCarc = (code: unknown, onDate?: string | Date) => describe('carc', 'CARC', code, onDate);
/** Remittance advice remark code (LQ02, MOA, MIA). */
export const describeRarc = (code: unknown, onDate?: string | Date) => describe('rarc', 'RARC', code, onDate);
/** Claim status category code (277 STC01-1; A0-A8, P0-P5, F0-F4, R0-R16, E0-E4, D0). */
export const describeStatusCategory = (code: unknown, onDate?: string | Date) =>
  describe('statusCategory', 'claim status category', code, onDate);
/** Claim adjustment group code (CAS01: CO, PR, OA, PI, CR). */
export const describeGroup = (code: unknown, onDate?: string | Date) =>
  describe('group', 'adjustment group', code, onDate);
/** 835 claim status code (CLP02). */
export const describeClaimStatus = (code: unknown, onDate?: string | Date) =>
  describe('claimStatus', 'claim status', code, onDate);
/** Provider-level adjustment reason (PLB03-1). */
export const describePlbReason = (code: unknown, onDate?: string | Date) =>
  describe('plbReason', 'PLB adjustment reason', code, onDate);

/** Uppercased, trimmed code as the tables key it. */
export { normalize as normalizeCode };
