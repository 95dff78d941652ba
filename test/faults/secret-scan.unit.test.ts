// The suite-wide scan must be able to fail: each kind of secret or PHI, put
// in a log line, is found; clean lines are not flagged; and createLogger
// really tees to the scanned file, redaction first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCredentials, uhcAccounts } from '../../mock-portals/index.ts';
import { groundTruth } from '../../mock-portals/truth.ts';
import { createLogger, LOG_TEE_ENV } from '../../orchestrator/platform/logging.ts';
import { buildNeedles, scanLines, seedsUsedIn } from '../helpers/secret-scan.ts';

const SEED = 777;
const needles = buildNeedles([SEED, 42]);
const at = '2026-11-23T20:00:10.000Z';
const line = (extra: string) => `{"level":30,"time":"${at}","name":"portalbots",${extra},"msg":"x"}`;

describe('secret scan', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'portalbots-scan-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('covers the seeds the tests use', () => {
    const seeds = seedsUsedIn(path.resolve(import.meta.dirname, '..'));
    for (const s of [42, 777, 4242, 5151]) expect(seeds).toContain(s);
  });

  it('finds a password, a TOTP secret, a current TOTP code, a member id and a patient name', () => {
    const account = demoCredentials(SEED).availity;
    const claim = groundTruth(SEED).portals.availity.claims[3]!;
    const code = new TOTP({ secret: Secret.fromBase32(account.totpSecret), digits: 6, period: 30 }).generate({
      timestamp: Date.parse(at),
    });
    const lines = [
      line(`"note":"login with ${account.password} failed"`),
      line(`"detail":"secret=${account.totpSecret}"`),
      line(`"typed":"${code}"`),
      line(`"claim":"ok","ref":"${claim.memberId}"`),
      line(`"who":"${claim.patient.firstName.toUpperCase()} ${claim.patient.lastName.toUpperCase()}"`),
      line(`"who":"${claim.patient.lastName}, ${claim.patient.firstName}"`),
      line(`"other":"${uhcAccounts(42)[1]!.password}"`),
    ];
    // A worklist row's birth date, ISO or US, in a patient born before 2024.
    const born = groundTruth(SEED).portals.uhc.claims.find((c) => c.patient.dateOfBirth < '2024')!.patient.dateOfBirth;
    const [y, m, d] = born.split('-');
    lines.push(line(`"row":{"dob":"${born}"}`), line(`"note":"DOB ${m}/${d}/${y}"`));
    // A name can belong to patients of both seeds: one finding per seed, so compare line:kind sets.
    const kinds = [...new Set(scanLines(lines, needles).map((f) => `${f.line}:${f.kind}`))];
    expect(kinds).toEqual([
      '1:password',
      '2:totp_secret',
      '3:totp_code',
      '4:member_id',
      '5:patient_name',
      '6:patient_name',
      '7:password',
      '8:date_of_birth',
      '9:date_of_birth',
    ]);
  });

  it('does not flag ordinary log lines', () => {
    const lines = [
      line(`"jobId":"availity.claim-status.1","ms":123456,"evidence":2,"bytes":"654321"`),
      line(`"event":"task_done","outcome":"found","claim":"AET000000000"`),
      'not json at all 123456',
      line(`"from":"2025-01-01","to":"2025-01-31"`),
    ];
    // "654321" is quoted and six digits, but not a code valid at that time for a seeded secret.
    const codes = new Set(
      needles.totpSecrets.flatMap(({ totp }) =>
        [-1, 0, 1].map((d) => totp.generate({ timestamp: Date.parse(at) + d * 30_000 })),
      ),
    );
    expect(codes.has('654321')).toBe(false);
    expect(scanLines(lines, needles)).toEqual([]);
  });

  it('createLogger tees every line to the scanned file, after redaction', () => {
    const file = path.join(tmp, 'tee.log');
    const before = process.env[LOG_TEE_ENV];
    process.env[LOG_TEE_ENV] = file;
    try {
      const chunks: string[] = [];
      const logger = createLogger({ level: 'info', destination: { write: (s: string) => void chunks.push(s) } });
      const account = demoCredentials(SEED).availity;
      logger.info({ password: account.password, step: 'login' }, 'tee check');
      logger.info({ leaked: account.password }, 'leak');
      const teed = readFileSync(file, 'utf8').trim().split('\n');
      expect(teed).toHaveLength(2);
      expect(teed[0]).toContain('[REDACTED]');
      expect(chunks.join('')).toContain('tee check');
      // A value under an innocent key is not redacted by name: the scan is what catches it.
      expect(scanLines(teed, needles).map((f) => f.line)).toEqual([2]);
    } finally {
      if (before === undefined) delete process.env[LOG_TEE_ENV];
      else process.env[LOG_TEE_ENV] = before;
    }
  });
});
