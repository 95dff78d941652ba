// The suite-wide secret and PHI scan: every log line written during a test
// run (orchestrator/logging.ts tees them to one file) is checked against what
// the mock portals were seeded with: account passwords and TOTP secrets, TOTP
// codes valid at the line's own timestamp, patients' member ids, names and
// birth dates (what a worklist row carries: ISO or US form).
//
// TOTP codes are six digits and change every 30 s, so "any six digits" would
// flag timestamps and byte counts. A code is flagged only when it appears as
// a quoted string ("123456") in a line whose `time` is within one step of the
// moment the code was valid, for a secret of a seeded account; chance
// collisions are then about 1 in 10,000 per quoted six-digit string.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { availityAccounts, caqhAccounts, uhcAccounts } from '../../mock-portals/index.ts';
import { DEFAULT_SEED, type PortalAccount } from '../../mock-portals/shared/accounts.ts';
import { medicaidAccounts } from '../../mock-portals/medicaid/data.ts';
import { groundTruth } from '../../mock-portals/truth.ts';

export type FindingKind = 'password' | 'totp_secret' | 'totp_code' | 'member_id' | 'patient_name' | 'date_of_birth';

export interface Finding {
  /** 1-based line number in the scanned log. */
  line: number;
  kind: FindingKind;
  seed: number;
}

export interface Needles {
  seeds: number[];
  /** Values matched as substrings (passwords contain symbols). */
  substrings: Array<{ value: string; kind: FindingKind; seed: number }>;
  /** Values matched as whole alphanumeric tokens. */
  tokens: Map<string, { kind: FindingKind; seed: number }>;
  /** Lower-cased last name -> full names (lower-cased "first last" and "last, first") to confirm. */
  names: Map<string, Array<{ forms: string[]; seed: number }>>;
  totpSecrets: Array<{ totp: TOTP; seed: number }>;
  /**
   * Birth dates (ISO) -> seed. Only years before 2024: later ones could be
   * any date of service or ERA range a log line names.
   */
  birthDates: Map<string, number>;
}

/** Seeds the tests use: `SEED = n` and `seed: n` literals in test files, plus the default seed. */
export function seedsUsedIn(dir: string): number[] {
  const seeds = new Set<number>([DEFAULT_SEED]);
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\b(?:SEED\s*=|seed:)\s*(\d{1,9})\b/g)) seeds.add(Number(m[1]));
      }
    }
  };
  walk(dir);
  return [...seeds].sort((a, b) => a - b);
}

function accountsOf(seed: number): PortalAccount[] {
  return [...availityAccounts(seed), ...caqhAccounts(seed), ...uhcAccounts(seed), ...medicaidAccounts(seed)];
}

/** Walks ground truth: member/subscriber ids by key name, patients as objects with a name and a birth date. */
function collectPhi(value: unknown, seed: number, n: Needles, depth = 0): void {
  if (depth > 12 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectPhi(v, seed, n, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.firstName === 'string' && typeof o.lastName === 'string' && typeof o.dateOfBirth === 'string') {
    const first = o.firstName.toLowerCase();
    const last = o.lastName.toLowerCase();
    const list = n.names.get(last) ?? [];
    list.push({ forms: [`${first} ${last}`, `${last}, ${first}`, `${last},${first}`], seed });
    n.names.set(last, list);
    if (/^\d{4}-\d{2}-\d{2}$/.test(o.dateOfBirth) && o.dateOfBirth < '2024') n.birthDates.set(o.dateOfBirth, seed);
  }
  for (const [k, v] of Object.entries(o)) {
    if (/(member|subscriber)[-_]?id$/i.test(k) && typeof v === 'string' && v.length >= 6)
      addValue(n, v, 'member_id', seed);
    else collectPhi(v, seed, n, depth + 1);
  }
}

function addValue(n: Needles, value: string, kind: FindingKind, seed: number): void {
  if (/^[A-Za-z0-9]+$/.test(value)) n.tokens.set(value, { kind, seed });
  else n.substrings.push({ value, kind, seed });
}

export function buildNeedles(seeds: number[]): Needles {
  const n: Needles = {
    seeds,
    substrings: [],
    tokens: new Map(),
    names: new Map(),
    totpSecrets: [],
    birthDates: new Map(),
  };
  for (const seed of seeds) {
    for (const a of accountsOf(seed)) {
      if (a.password) n.substrings.push({ value: a.password, kind: 'password', seed });
      if (!a.totpSecret) continue; // portals without MFA (the Medicaid-like one) have none
      addValue(n, a.totpSecret, 'totp_secret', seed);
      n.totpSecrets.push({
        seed,
        totp: new TOTP({ secret: Secret.fromBase32(a.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }),
      });
    }
    collectPhi(groundTruth(seed), seed, n);
  }
  return n;
}

export function scanLines(lines: Iterable<string>, n: Needles): Finding[] {
  const findings: Finding[] = [];
  const codesByStep = new Map<number, Map<string, number>>();
  const codesAt = (step: number) => {
    let m = codesByStep.get(step);
    if (!m) {
      m = new Map();
      for (const { totp, seed } of n.totpSecrets) m.set(totp.generate({ timestamp: step * 30_000 }), seed);
      codesByStep.set(step, m);
    }
    return m;
  };
  let no = 0;
  for (const line of lines) {
    no++;
    if (!line) continue;
    const seen = new Set<string>();
    const hit = (kind: FindingKind, seed: number) => {
      // One finding per line, kind and seed (a patient appears in several truth sections).
      if (seen.has(`${kind} ${seed}`)) return;
      seen.add(`${kind} ${seed}`);
      findings.push({ line: no, kind, seed });
    };
    for (const s of n.substrings) if (line.includes(s.value)) hit(s.kind, s.seed);
    const lower = line.toLowerCase();
    for (const tok of line.split(/[^A-Za-z0-9]+/)) {
      if (!tok) continue;
      const t = n.tokens.get(tok);
      if (t) hit(t.kind, t.seed);
      const candidates = n.names.get(tok.toLowerCase());
      if (candidates)
        for (const c of candidates) if (c.forms.some((f) => lower.includes(f))) hit('patient_name', c.seed);
    }
    // Dates, ISO (not a timestamp's date part) or US, that are a seeded patient's birth date.
    for (const m of line.matchAll(/\b(\d{4}-\d{2}-\d{2})(?!T)\b|\b(\d{2})\/(\d{2})\/(\d{4})\b/g)) {
      const iso = m[1] ?? `${m[4]}-${m[2]}-${m[3]}`;
      const seed = n.birthDates.get(iso);
      if (seed !== undefined) hit('date_of_birth', seed);
    }
    const quoted = [...line.matchAll(/"(\d{6})"/g)].map((m) => m[1]!);
    if (quoted.length > 0) {
      const time = /"time":"([^"]+)"/.exec(line)?.[1];
      const ms = time ? Date.parse(time) : NaN;
      if (Number.isFinite(ms)) {
        const step = Math.floor(ms / 30_000);
        for (const code of quoted) {
          for (const s of [step - 1, step, step + 1]) {
            const seed = codesAt(s).get(code);
            if (seed !== undefined) {
              hit('totp_code', seed);
              break;
            }
          }
        }
      }
    }
  }
  return findings;
}

/** A report that names where and what kind, never the value itself. */
export function describeFindings(findings: Finding[], file: string): string {
  const shown = findings.slice(0, 20).map((f) => `  line ${f.line}: ${f.kind} (seed ${f.seed})`);
  return `${findings.length} secret/PHI finding(s) in the test run's log lines (${file}):\n${shown.join('\n')}${findings.length > 20 ? `\n  ... and ${findings.length - 20} more` : ''}`;
}
