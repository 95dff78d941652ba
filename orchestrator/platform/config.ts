// Configuration: every environment variable portalbots reads is one row of
// ENV_VARS (or ENV_PATTERNS for per-portal variables) with its type, default
// and meaning. This is the only module that reads process.env; the rest of
// the code receives a Config. The README's configuration table is generated
// from these rows (`npm run docs:config`), and a test fails when it drifts.
import path from 'node:path';
import { z } from 'zod';
import type { TracingMode } from '../../bots/index.ts';
import { loadQueueSettings, type QueueSettings } from './queue/settings.ts';
import { CronExpression, TimeZone } from './schedules/cron.ts';

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const positiveInt = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(0).max(65_535);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** A base64 AES-256 key: exactly 32 bytes once decoded (`openssl rand -base64 32`). */
const base64Key32 = z
  .string()
  .refine(
    (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    'must be base64 of exactly 32 bytes (generate one with `openssl rand -base64 32`)',
  );

interface VarSpec {
  schema: z.ZodType;
  /** The default as the README shows it ('–' when unset means off / not used). */
  default: string;
  doc: string;
}

const v = <S extends z.ZodType>(schema: S, def: string, doc: string) =>
  ({ schema, default: def, doc }) satisfies VarSpec;
const duration = z.string().regex(/^(0|\d+(ms|s|m|h|d))$/, 'must be a duration like 90s, 15m, 2h or 7d (or 0)');
const count = z.coerce.number().int().min(1).max(10_000_000);

/** Every environment variable, in the order the README lists them. */
export const ENV_VARS = {
  DATABASE_URL: v(
    url(['postgresql:', 'postgres:']).optional(),
    '`postgresql://postgres@127.0.0.1:5432/portalbots`',
    'PostgreSQL; `?schema=name` selects a schema. `npm run demo` without it runs an embedded PostgreSQL under the data dir',
  ),
  REDIS_URL: v(
    url(['redis:', 'rediss:']).optional(),
    '`redis://127.0.0.1:6379`',
    'Redis for the queues (`demo` without it: a private `redis-server` from PATH when none answers)',
  ),
  PORTALBOTS_QUEUE_PREFIX: v(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
      .default('portalbots'),
    '`portalbots`',
    'Redis key prefix of all queues',
  ),
  PORTALBOTS_DATA_DIR: v(
    z.string().min(1).default('.portalbots'),
    '`.portalbots`',
    'where evidence, keys, failure snapshots and the embedded database go by default',
  ),
  PORTALBOTS_EVIDENCE_DIR: v(
    z.string().min(1).optional(),
    '`$PORTALBOTS_DATA_DIR/evidence`',
    'evidence store (filesystem backend)',
  ),
  PORTALBOTS_FAILURE_DIR: v(
    z.string().min(1).optional(),
    '`$PORTALBOTS_DATA_DIR/failures`',
    'failure screenshots, HTML and Playwright traces (contain PHI: protect it)',
  ),
  PORTALBOTS_CREDENTIALS_FILE: v(
    z.string().min(1).optional(),
    '–',
    'JSON file with portal logins (format below the table); without it, workers read the encrypted vault',
  ),
  PORTALBOTS_CREDENTIAL_KEYS: v(
    z.string().min(1).optional(),
    '–',
    '`keyId:base64key,...` (first is current): AES-256-GCM keys of the credential vault',
  ),
  PORTALBOTS_WORKER_CONCURRENCY: v(
    positiveInt.max(32).default(2),
    '`2`',
    "jobs a worker holds at once per portal (one account's browser steps still run one at a time)",
  ),
  PORTALBOTS_JOB_ATTEMPTS: v(
    positiveInt.max(20).default(4),
    '`4`',
    'attempts per job (retries depend on the error class)',
  ),
  PORTALBOTS_JOB_LOCK: v(
    duration
      .refine((d) => durationMs(d) >= 5_000 && durationMs(d) <= 600_000, 'must be between 5s and 10m')
      .default('30s'),
    '`30s`',
    "how long a worker's lock on a running job lasts (renewed every half of it while the worker lives): a job of a worker that died (SIGKILL, OOM, host loss) runs again on another worker after one to two of these",
  ),
  PORTALBOTS_TRACING: v(
    z.enum(['on-retry', 'chunks', 'off']).default('on-retry'),
    '`on-retry`',
    'Playwright tracing of bot tasks: `on-retry` (retries are traced), `chunks` (every task; about 60 ms per lookup), `off`',
  ),
  PORTALBOTS_BROWSER_WS_ENDPOINT: v(
    url(['ws:', 'wss:']).optional(),
    '– (launch Chromium)',
    '`ws://`/`wss://` endpoint of a Playwright browser server to use instead (docs/OPERATIONS.md section 4)',
  ),
  CHROMIUM_PATH: v(z.string().min(1).optional(), '`/usr/bin/chromium` when present', 'browser executable'),
  PORTALBOTS_SESSION_KEY: v(
    base64Key32.optional(),
    '– (no cache)',
    'base64 32-byte key: logged-in portal sessions are cached encrypted under `$PORTALBOTS_DATA_DIR/sessions` so a restarted worker skips the login',
  ),
  PORTALBOTS_DEDUP_WINDOW: v(
    duration.default('15m'),
    '`15m`',
    'a repeated lookup of the same claim and task within this window joins the queued job',
  ),
  PORTALBOTS_KEEP_COMPLETED: v(duration.default('7d'), '`7d`', 'how long finished jobs stay in Redis'),
  PORTALBOTS_KEEP_COMPLETED_COUNT: v(count.default(50_000), '`50000`', 'at most this many finished jobs stay in Redis'),
  PORTALBOTS_KEEP_FAILED: v(
    duration.default('30d'),
    '`30d`',
    'how long failed jobs (the dead-letter view) stay in Redis',
  ),
  PORTALBOTS_KEEP_FAILED_COUNT: v(count.default(100_000), '`100000`', 'at most this many failed jobs stay in Redis'),
  PORTALBOTS_EVIDENCE_SIGNING_KEY: v(
    z.string().min(32, 'must be an Ed25519 key: PKCS#8 PEM or base64 32-byte seed').optional(),
    '–',
    'Ed25519 key that signs evidence checkpoints and packets (PKCS#8 PEM or base64 seed): back it up',
  ),
  PORTALBOTS_EVIDENCE_SIGNING_KEY_FILE: v(
    z.string().min(1).optional(),
    '`$PORTALBOTS_DATA_DIR/keys/evidence-signing.key`',
    'file holding that key (generated there on first use when neither is set)',
  ),
  PORTALBOTS_EVIDENCE_TRUSTED_KEYS: v(
    z.string().min(1).optional(),
    '–',
    'trust anchors for `evidence verify`: published Ed25519 public keys (base64), comma-separated, each optionally `KEY@FROM..UNTIL` (ISO dates) so rotated keys keep verifying what they signed',
  ),
  PORTALBOTS_EVIDENCE_CHECKPOINT_EVERY: v(
    z.coerce.number().int().min(0).max(1_000_000).default(25),
    '`25`',
    'sign an evidence ledger checkpoint every N entries (0 = only `evidence checkpoint`); `evidence verify` reports a ledger running far past its newest checkpoint',
  ),
  PORTALBOTS_EVIDENCE_CHECKPOINT_EXPORT: v(
    z.string().min(1).optional(),
    '–',
    'off-host copy of every checkpoint: a file (JSON lines, appended; `evidence verify` compares it) or an `https://` webhook',
  ),
  PORTALBOTS_EVIDENCE_TSA_URL: v(
    url(['http:', 'https:']).optional(),
    '–',
    'RFC 3161 time-stamping authority: every ledger checkpoint is stamped and the token chained; `evidence verify` reports the TSA time',
  ),
  PORTALBOTS_EVIDENCE_TSA_CA_FILE: v(
    z.string().min(1).optional(),
    '–',
    "PEM CA certificate(s) of that TSA: `evidence verify` checks each token's signature with `openssl ts -verify`",
  ),
  PORTALBOTS_EVIDENCE_S3_BUCKET: v(
    z.string().min(1).optional(),
    '– (filesystem)',
    'keep evidence files in this S3-compatible bucket instead of `PORTALBOTS_EVIDENCE_DIR` (several hosts share one store); credentials from the AWS SDK chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profile, instance role)',
  ),
  PORTALBOTS_EVIDENCE_S3_ENDPOINT: v(
    url(['http:', 'https:']).optional(),
    '– (AWS)',
    'endpoint of an S3-compatible server (MinIO, Ceph, ...); path-style addressing is used with it',
  ),
  PORTALBOTS_EVIDENCE_S3_REGION: v(z.string().min(1).default('us-east-1'), '`us-east-1`', "the bucket's region"),
  PORTALBOTS_EVIDENCE_S3_PREFIX: v(
    z
      .string()
      .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with / (e.g. evidence/)')
      .default(''),
    '–',
    'key prefix inside the bucket, e.g. `evidence/`',
  ),
  PORTALBOTS_EVIDENCE_S3_OBJECT_LOCK_DAYS: v(
    z.coerce.number().int().min(1).max(36_500).optional(),
    '– (no object lock)',
    'the bucket has S3 Object Lock: every object is stored with COMPLIANCE retention of this many days, and legal holds use S3 legal holds',
  ),
  PORTALBOTS_API_HOST: v(
    z.string().min(1).default('127.0.0.1'),
    '`127.0.0.1`',
    'where `portalbots orchestrator` serves the API and dashboard',
  ),
  PORTALBOTS_API_PORT: v(port.default(8080), '`8080`', 'its port'),
  PORTALBOTS_API_TRUST_PROXY: v(
    z
      .string()
      .regex(
        /^(true|false|\d{1,2}|[0-9A-Za-z.:/,-]+)$/,
        'must be true, false, a hop count, or addresses/CIDRs (or loopback, linklocal, uniquelocal), comma-separated',
      )
      .default('loopback'),
    '`loopback`',
    'which reverse proxies the API believes about the client address and `https` (X-Forwarded-For/-Proto): the dashboard cookie is `Secure` behind a TLS proxy, and login rate limits count the real client',
  ),
  PORTALBOTS_LOGIN_RATE: v(
    z.coerce.number().int().min(1).max(10_000).default(10),
    '`10`',
    'dashboard login attempts per client address per minute (more answer 429)',
  ),
  PORTALBOTS_WORKER_METRICS_PORT: v(
    port.optional(),
    '– (off)',
    "a worker serves its own Prometheus metrics (logins, sessions, jobs in flight, derive backlog) on this port at /metrics; the fleet's are on the API's /metrics",
  ),
  PORTALBOTS_WORKER_METRICS_HOST: v(
    z.string().min(1).default('127.0.0.1'),
    '`127.0.0.1`',
    'address of that metrics endpoint',
  ),
  LOG_LEVEL: v(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    '`info`',
    'pino level; logs are JSON on stderr with secrets and PHI redacted',
  ),
  PORTALBOTS_DEBUG: v(flag.default(false), '–', '`1`: CLI errors also print their stack trace'),
  PORTALBOTS_FROM_SOURCE: v(
    flag.default(false),
    '–',
    '`1`: run the TypeScript sources through tsx instead of the compiled build in `dist/`',
  ),
  PORTALBOTS_FAULTS: v(
    z.string().min(1).optional(),
    '–',
    'fault injection for `portalbots portals`, e.g. `maintenance=true` or `{"rateLimit":3}`',
  ),
  PORTALBOTS_TEST_LOG_FILE: v(
    z.string().min(1).optional(),
    '–',
    'every log line is also appended here (the test suite scans it for secrets and PHI)',
  ),
  USER: v(
    z.string().min(1).optional(),
    'the OS user',
    'who runs a CLI command: recorded as the requester of runs and the actor of evidence reads',
  ),
  PORTALBOTS_ACCOUNT_LEASE_TTL: v(
    duration.default('30s'),
    '`30s`',
    "how long a portal account stays leased to a worker that stopped renewing it (a killed worker's accounts come back after this)",
  ),
  PORTALBOTS_ACCOUNT_IDLE_RELEASE: v(
    duration.default('60s'),
    '`60s`',
    'a worker releases a leased portal account (and its session) after this long without a job',
  ),
  PORTALBOTS_ACCOUNT_WAIT: v(
    duration.default('60s'),
    '`60s`',
    'how long a job waits for a free portal account before it is put back in the queue (`accounts_busy`)',
  ),
  PORTALBOTS_ACCOUNT_ALERT_INTERVAL: v(
    duration.default('30s'),
    '`30s`',
    "how often `portalbots orchestrator` re-checks every portal's healthy accounts against what its schedules need (`accounts.low` / `accounts.recovered` webhooks) and sends recorded ops events; health changes are checked at once too",
  ),
  PORTALBOTS_DENIALS_DAILY_CRON: v(
    z.union([z.literal('off'), CronExpression]).default('30 6 * * *'),
    '`30 6 * * *`',
    "when `portalbots orchestrator` runs the denial work queue's daily loop (escalate overdue items, re-score, queue due follow-up lookups) on one instance of the fleet; `off` disables it",
  ),
  PORTALBOTS_DENIALS_DAILY_TIMEZONE: v(TimeZone.default('UTC'), '`UTC`', 'IANA timezone of that cron'),
  PORTALBOTS_CHALLENGE_TIMEOUT: v(
    duration.default('4m'),
    '`4m`',
    'how long a login waits for a person to answer a challenge (a code sent by SMS or e-mail, a CAPTCHA) before the challenge expires and the job ends `needs_human`',
  ),
  PORTALBOTS_MAINTENANCE_RETRY: v(
    duration.default('15m'),
    '`15m`',
    'when a job that met a portal maintenance notice naming no end time is tried again (`portal_maintenance`)',
  ),
} satisfies Record<string, VarSpec>;

export type EnvVar = keyof typeof ENV_VARS;

/** Per-portal variables: `<ID>` is the portal id in capitals, dashes as underscores. */
export const ENV_PATTERNS = [
  {
    name: 'PORTALBOTS_PORTAL_<ID>_URL',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_URL$/,
    default: 'the mock portal',
    doc: 'base URL of portal `<id>`, e.g. `PORTALBOTS_PORTAL_AVAILITY_URL`',
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_CONCURRENCY',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_CONCURRENCY$/,
    default: 'the worker concurrency',
    doc: 'lookups a worker runs at once for portal `<id>` (docs/ORCHESTRATOR-QUEUES.md)',
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_RATE',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_RATE$/,
    default: 'no limit',
    doc: 'fleet-wide start rate for portal `<id>`, e.g. `10/60s`',
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_SESSIONS_PER_ACCOUNT',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_SESSIONS_PER_ACCOUNT$/,
    default: '`1`',
    doc: "sessions one account of portal `<id>` may hold at once; the portal's capacity is healthy accounts x this",
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_ROTATE_PASSWORDS',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_ROTATE_PASSWORDS$/,
    default: '`false`',
    doc: '`true`: bots change an expired password of a vault account of portal `<id>` and store the new one in the vault',
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_MIN_HEALTHY_ACCOUNTS',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_MIN_HEALTHY_ACCOUNTS$/,
    default: '1 with an enabled schedule, else 0',
    doc: 'healthy accounts portal `<id>` needs; fewer sends an `accounts.low` webhook and shows on the dashboard (set it on every process of the fleet)',
  },
  {
    name: 'PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS',
    pattern: /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_SUBMIT_APPEALS$/,
    default: '`false` (dry run)',
    doc: '`true`: `denials appeal --submit` really submits reconsiderations on portal `<id>`; otherwise every appeal is a dry run that stops on the review page (docs/OPERATIONS.md)',
  },
] as const;

/** A per-portal variable's pattern by its name (not its position: rows are added to the table). */
function patternOf(name: (typeof ENV_PATTERNS)[number]['name']): RegExp {
  return ENV_PATTERNS.find((p) => p.name === name)!.pattern;
}

export interface Config {
  /** Set explicitly (DATABASE_URL), or the default; `databaseUrlSet` says which. */
  databaseUrl: string;
  databaseUrlSet: boolean;
  redisUrl: string;
  redisUrlSet: boolean;
  queuePrefix: string;
  dataDir: string;
  evidenceDir: string;
  failureDir: string;
  credentialsFile: string | undefined;
  /** PORTALBOTS_CREDENTIAL_KEYS as given (orchestrator/accounts parses it into a keyring). */
  credentialKeys: string | undefined;
  /** Ed25519 key for ledger checkpoints: inline, or a file, or (unset) a generated key under dataDir/keys. */
  evidenceSigningKey: string | undefined;
  evidenceSigningKeyFile: string;
  /** PORTALBOTS_EVIDENCE_TRUSTED_KEYS as given (parsed by the evidence commands). */
  evidenceTrustedKeys?: string;
  /** Unset: the evidence store's default cadence. */
  evidenceCheckpointEvery?: number;
  evidenceCheckpointExport?: string;
  evidenceTsaUrl?: string;
  evidenceTsaCaFile?: string;
  /** Evidence files in an S3-compatible bucket instead of evidenceDir. */
  evidenceS3?: { bucket: string; endpoint?: string; region: string; prefix: string; objectLockDays?: number };
  workerConcurrency: number;
  jobAttempts: number;
  /** BullMQ lock duration and stalled-job check interval of a worker's jobs (PORTALBOTS_JOB_LOCK; absent: 30 s). */
  jobLockMs?: number;
  chromiumPath: string | undefined;
  logLevel: z.infer<typeof ENV_VARS.LOG_LEVEL.schema>;
  portalUrls: Record<string, string>;
  /** Per-portal concurrency and rate, dedup window, job retention. */
  queues: QueueSettings;
  /** AES-256 key for the encrypted portal-session cache; no cache when absent. */
  sessionKey?: Buffer;
  /** Playwright tracing of bot tasks (see TracingMode). */
  tracing: TracingMode;
  /** A Playwright browser server (`launchServer`) workers connect to instead of launching Chromium. Secret: its path is its only authentication. */
  browserWsEndpoint?: string;
  apiHost: string;
  apiPort: number;
  /** Fastify trustProxy: which proxies' X-Forwarded-* headers are believed (default loopback). */
  apiTrustProxy?: boolean | number | string;
  /** Dashboard login attempts per client address per minute (default 10). */
  loginRatePerMinute?: number;
  /** Where a worker serves its own metrics; none when undefined. */
  workerMetrics: { host: string; port: number } | undefined;
  /** Who runs this process's CLI commands (requestedBy, evidence actor). */
  operator: string;
  /** The credential pool: fleet-wide account leases and per-portal account settings (absent: the defaults). */
  accounts?: AccountPoolConfig;
  /** Sign-in hurdles: how long a challenge waits for a person, when maintenance is retried (absent: the defaults). */
  hurdles?: HurdleConfig;
  /** Portal ids where reconsiderations are really submitted (absent or not listed: dry run). */
  submitReconsideration?: string[];
}

export interface HurdleConfig {
  challengeTimeoutMs: number;
  maintenanceRetryMs: number;
}

export const DEFAULT_HURDLES: HurdleConfig = { challengeTimeoutMs: 4 * 60_000, maintenanceRetryMs: 15 * 60_000 };

export const DEFAULT_ACCOUNT_POOL: AccountPoolConfig = {
  leaseTtlMs: 30_000,
  idleReleaseMs: 60_000,
  waitMs: 60_000,
  sessionsPerAccount: {},
  rotatePasswords: [],
};

export interface AccountPoolConfig {
  leaseTtlMs: number;
  idleReleaseMs: number;
  waitMs: number;
  /** Per portal id; portals not listed allow 1. */
  sessionsPerAccount: Record<string, number>;
  /** Portal ids whose bots may rotate expired vault passwords. */
  rotatePasswords: string[];
  /** Per portal id: healthy accounts it needs at least (the low-accounts alert; capacity.ts). */
  minHealthyAccounts?: Record<string, number>;
  /** How often the orchestrator re-evaluates the low-accounts alert and sends ops events. */
  alertIntervalMs?: number;
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/portalbots';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(env)) if (val !== undefined && val !== '') out[k] = val;
  return out;
}

/** One variable, validated: fails naming it. */
export function readVar<K extends EnvVar>(name: K, env: Env = process.env): z.infer<(typeof ENV_VARS)[K]['schema']> {
  const r = ENV_VARS[name].schema.safeParse(nonEmpty(env)[name]);
  if (!r.success) throw new ConfigError(`Invalid environment variable ${name}: ${r.error.issues[0]!.message}`);
  return r.data as z.infer<(typeof ENV_VARS)[K]['schema']>;
}

export function loadConfig(env: Env = process.env): Config {
  const e = nonEmpty(env);
  const read = <K extends EnvVar>(name: K) => readVar(name, e);
  const portalUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(e)) {
    const m = patternOf('PORTALBOTS_PORTAL_<ID>_URL').exec(name);
    if (!m) continue;
    const check = url(['http:', 'https:']).safeParse(value);
    if (!check.success)
      throw new ConfigError(`Invalid environment variable ${name}: ${check.error.issues[0]!.message}`);
    portalUrls[m[1]!.toLowerCase().replace(/_/g, '-')] = value.replace(/\/+$/, '');
  }
  const dataDir = path.resolve(read('PORTALBOTS_DATA_DIR'));
  const sessionKey = read('PORTALBOTS_SESSION_KEY');
  const browserWsEndpoint = read('PORTALBOTS_BROWSER_WS_ENDPOINT');
  const workerConcurrency = read('PORTALBOTS_WORKER_CONCURRENCY');
  for (const name of [
    'PORTALBOTS_DEDUP_WINDOW',
    'PORTALBOTS_KEEP_COMPLETED',
    'PORTALBOTS_KEEP_COMPLETED_COUNT',
    'PORTALBOTS_KEEP_FAILED',
    'PORTALBOTS_KEEP_FAILED_COUNT',
  ] as const)
    read(name);
  const databaseUrl = read('DATABASE_URL');
  const redisUrl = read('REDIS_URL');
  const accounts = accountPoolConfig(e, read);
  return {
    databaseUrl: databaseUrl ?? DEFAULT_DATABASE_URL,
    databaseUrlSet: databaseUrl !== undefined,
    redisUrl: redisUrl ?? DEFAULT_REDIS_URL,
    redisUrlSet: redisUrl !== undefined,
    queuePrefix: read('PORTALBOTS_QUEUE_PREFIX'),
    dataDir,
    evidenceDir: path.resolve(read('PORTALBOTS_EVIDENCE_DIR') ?? path.join(dataDir, 'evidence')),
    failureDir: path.resolve(read('PORTALBOTS_FAILURE_DIR') ?? path.join(dataDir, 'failures')),
    credentialsFile: read('PORTALBOTS_CREDENTIALS_FILE'),
    credentialKeys: read('PORTALBOTS_CREDENTIAL_KEYS'),
    evidenceSigningKey: read('PORTALBOTS_EVIDENCE_SIGNING_KEY'),
    evidenceSigningKeyFile: path.resolve(
      read('PORTALBOTS_EVIDENCE_SIGNING_KEY_FILE') ?? path.join(dataDir, 'keys', 'evidence-signing.key'),
    ),
    ...(read('PORTALBOTS_EVIDENCE_TRUSTED_KEYS')
      ? { evidenceTrustedKeys: read('PORTALBOTS_EVIDENCE_TRUSTED_KEYS') }
      : {}),
    evidenceCheckpointEvery: read('PORTALBOTS_EVIDENCE_CHECKPOINT_EVERY'),
    ...(read('PORTALBOTS_EVIDENCE_CHECKPOINT_EXPORT')
      ? { evidenceCheckpointExport: read('PORTALBOTS_EVIDENCE_CHECKPOINT_EXPORT') }
      : {}),
    ...(read('PORTALBOTS_EVIDENCE_TSA_URL') ? { evidenceTsaUrl: read('PORTALBOTS_EVIDENCE_TSA_URL') } : {}),
    ...(read('PORTALBOTS_EVIDENCE_TSA_CA_FILE') ? { evidenceTsaCaFile: read('PORTALBOTS_EVIDENCE_TSA_CA_FILE') } : {}),
    ...evidenceS3From(read),
    workerConcurrency,
    jobAttempts: read('PORTALBOTS_JOB_ATTEMPTS'),
    jobLockMs: durationMs(read('PORTALBOTS_JOB_LOCK')),
    chromiumPath: read('CHROMIUM_PATH'),
    logLevel: read('LOG_LEVEL'),
    portalUrls,
    queues: queueSettingsFrom(e, workerConcurrency),
    tracing: read('PORTALBOTS_TRACING'),
    apiHost: read('PORTALBOTS_API_HOST'),
    apiPort: read('PORTALBOTS_API_PORT'),
    apiTrustProxy: trustProxyValue(read('PORTALBOTS_API_TRUST_PROXY')),
    loginRatePerMinute: read('PORTALBOTS_LOGIN_RATE'),
    workerMetrics: workerMetricsAt(read('PORTALBOTS_WORKER_METRICS_PORT'), read('PORTALBOTS_WORKER_METRICS_HOST')),
    operator: read('USER') ?? 'cli',
    accounts,
    hurdles: {
      challengeTimeoutMs: durationMs(read('PORTALBOTS_CHALLENGE_TIMEOUT')),
      maintenanceRetryMs: durationMs(read('PORTALBOTS_MAINTENANCE_RETRY')),
    },
    submitReconsideration: submitReconsiderationPortals(e),
    ...(browserWsEndpoint ? { browserWsEndpoint } : {}),
    ...(sessionKey ? { sessionKey: Buffer.from(sessionKey, 'base64') } : {}),
  };
}

const DURATION_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
  return m ? Number(m[1]) * (DURATION_MS[m[2] ?? 'ms'] ?? 1) : 0;
}

function accountPoolConfig(
  e: Record<string, string>,
  read: <K extends EnvVar>(name: K) => z.infer<(typeof ENV_VARS)[K]['schema']>,
): AccountPoolConfig {
  const sessionsPerAccount: Record<string, number> = {};
  const rotatePasswords: string[] = [];
  const minHealthyAccounts: Record<string, number> = {};
  const perPortal = (name: string, pattern: RegExp) => {
    const m = pattern.exec(name);
    return m ? m[1]!.toLowerCase().replace(/_/g, '-') : undefined;
  };
  for (const [name, value] of Object.entries(e)) {
    const sessionsOf = perPortal(name, patternOf('PORTALBOTS_PORTAL_<ID>_SESSIONS_PER_ACCOUNT'));
    if (sessionsOf) {
      const n = z.coerce.number().int().min(1).max(64).safeParse(value);
      if (!n.success)
        throw new ConfigError(`Invalid environment variable ${name}: must be a whole number from 1 to 64`);
      sessionsPerAccount[sessionsOf] = n.data;
    }
    const rotateOf = perPortal(name, patternOf('PORTALBOTS_PORTAL_<ID>_ROTATE_PASSWORDS'));
    if (rotateOf) {
      const f = flag.safeParse(value);
      if (!f.success) throw new ConfigError(`Invalid environment variable ${name}: must be true, false, 1 or 0`);
      if (f.data) rotatePasswords.push(rotateOf);
    }
    const minOf = perPortal(name, patternOf('PORTALBOTS_PORTAL_<ID>_MIN_HEALTHY_ACCOUNTS'));
    if (minOf) {
      const n = z.coerce.number().int().min(0).max(10_000).safeParse(value);
      if (!n.success)
        throw new ConfigError(`Invalid environment variable ${name}: must be a whole number from 0 to 10000`);
      minHealthyAccounts[minOf] = n.data;
    }
  }
  const ttl = durationMs(read('PORTALBOTS_ACCOUNT_LEASE_TTL'));
  if (ttl < 1_000)
    throw new ConfigError('Invalid environment variable PORTALBOTS_ACCOUNT_LEASE_TTL: must be at least 1s');
  return {
    leaseTtlMs: ttl,
    idleReleaseMs: durationMs(read('PORTALBOTS_ACCOUNT_IDLE_RELEASE')),
    waitMs: durationMs(read('PORTALBOTS_ACCOUNT_WAIT')),
    sessionsPerAccount,
    rotatePasswords,
    minHealthyAccounts,
    alertIntervalMs: Math.max(1_000, durationMs(read('PORTALBOTS_ACCOUNT_ALERT_INTERVAL'))),
  };
}

/** Portals whose PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS is true. */
function submitReconsiderationPortals(e: Record<string, string>): string[] {
  const pattern = patternOf('PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS');
  const portals: string[] = [];
  for (const [name, value] of Object.entries(e)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const f = flag.safeParse(value);
    if (!f.success) throw new ConfigError(`Invalid environment variable ${name}: must be true, false, 1 or 0`);
    if (f.data) portals.push(m[1]!.toLowerCase().replace(/_/g, '-'));
  }
  return portals.sort();
}

function evidenceS3From(
  read: <K extends EnvVar>(name: K) => z.infer<(typeof ENV_VARS)[K]['schema']>,
): Pick<Config, 'evidenceS3'> {
  const bucket = read('PORTALBOTS_EVIDENCE_S3_BUCKET');
  if (!bucket) return {};
  const endpoint = read('PORTALBOTS_EVIDENCE_S3_ENDPOINT');
  const objectLockDays = read('PORTALBOTS_EVIDENCE_S3_OBJECT_LOCK_DAYS');
  return {
    evidenceS3: {
      bucket,
      region: read('PORTALBOTS_EVIDENCE_S3_REGION'),
      prefix: read('PORTALBOTS_EVIDENCE_S3_PREFIX'),
      ...(endpoint ? { endpoint } : {}),
      ...(objectLockDays !== undefined ? { objectLockDays } : {}),
    },
  };
}

function trustProxyValue(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function workerMetricsAt(port: number | undefined, host: string): Config['workerMetrics'] {
  return port === undefined ? undefined : { host, port };
}

/** Per-portal queue settings from variables (also for tests that set a few). */
export function queueSettingsFrom(env: Env, defaultConcurrency: number): QueueSettings {
  return loadQueueSettings(nonEmpty(env), defaultConcurrency, (name, message) => {
    throw new ConfigError(`Invalid environment variable ${name}: ${message}`);
  });
}

/** The README's configuration table, generated from ENV_VARS and ENV_PATTERNS. */
export function configurationTable(): string {
  const rows = [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...Object.entries(ENV_VARS).map(([name, s]) => `| \`${name}\` | ${s.default} | ${s.doc} |`),
    ...ENV_PATTERNS.map((p) => `| \`${p.name}\` | ${p.default} | ${p.doc} |`),
  ];
  return rows.join('\n');
}

/**
 * This process's environment with some variables replaced: for a child
 * process of ours that must run against other settings (the bench runs the
 * CLI against its throwaway schema and data directory).
 */
export function childEnv(overrides: Partial<Record<EnvVar, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
