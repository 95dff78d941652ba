// Configuration from the environment, validated once at start-up. Every
// problem names the variable so an operator can fix it without reading code.
import path from 'node:path';
import { z } from 'zod';
import type { TracingMode } from '../../bots/index.ts';

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

/** A base64 AES-256 key: exactly 32 bytes once decoded (`openssl rand -base64 32`). */
const base64Key32 = z
  .string()
  .refine(
    (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
    'must be base64 of exactly 32 bytes (generate one with `openssl rand -base64 32`)',
  );

const EnvSchema = z.object({
  DATABASE_URL: url(['postgresql:', 'postgres:']).default('postgresql://postgres@127.0.0.1:5432/portalbots'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  PORTALBOTS_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
    .default('portalbots'),
  PORTALBOTS_DATA_DIR: z.string().min(1).default('.portalbots'),
  PORTALBOTS_EVIDENCE_DIR: z.string().min(1).optional(),
  PORTALBOTS_FAILURE_DIR: z.string().min(1).optional(),
  PORTALBOTS_CREDENTIALS_FILE: z.string().min(1).optional(),
  PORTALBOTS_EVIDENCE_SIGNING_KEY: z
    .string()
    .min(32, 'must be an Ed25519 key: PKCS#8 PEM or base64 32-byte seed')
    .optional(),
  PORTALBOTS_EVIDENCE_SIGNING_KEY_FILE: z.string().min(1).optional(),
  PORTALBOTS_WORKER_CONCURRENCY: positiveInt.max(32).default(2),
  PORTALBOTS_JOB_ATTEMPTS: positiveInt.max(20).default(4),
  PORTALBOTS_SESSION_KEY: base64Key32.optional(),
  PORTALBOTS_TRACING: z.enum(['on-retry', 'chunks', 'off']).default('on-retry'),
  PORTALBOTS_BROWSER_WS_ENDPOINT: url(['ws:', 'wss:']).optional(),
  CHROMIUM_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Per-portal base URL overrides: PORTALBOTS_PORTAL_<ID>_URL (e.g. PORTALBOTS_PORTAL_AVAILITY_URL). */
const PORTAL_URL_VAR = /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_URL$/;

export interface Config {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  dataDir: string;
  evidenceDir: string;
  failureDir: string;
  credentialsFile: string | undefined;
  /** Ed25519 key for ledger checkpoints: inline, or a file, or (unset) a generated key under dataDir/keys. */
  evidenceSigningKey: string | undefined;
  evidenceSigningKeyFile: string;
  workerConcurrency: number;
  jobAttempts: number;
  chromiumPath: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  portalUrls: Record<string, string>;
  /** AES-256 key for the encrypted portal-session cache; no cache when absent. */
  sessionKey?: Buffer;
  /** Playwright tracing of bot tasks (see TracingMode). */
  tracing: TracingMode;
  /** A Playwright browser server (`launchServer`) workers connect to instead of launching Chromium. Secret: its path is its only authentication. */
  browserWsEndpoint?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const portalUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const m = PORTAL_URL_VAR.exec(name);
    if (!m || !value) continue;
    const check = url(['http:', 'https:']).safeParse(value);
    if (!check.success)
      throw new ConfigError(`Invalid environment variable ${name}: ${check.error.issues[0]!.message}`);
    portalUrls[m[1]!.toLowerCase()] = value.replace(/\/+$/, '');
  }
  const dataDir = path.resolve(e.PORTALBOTS_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.PORTALBOTS_QUEUE_PREFIX,
    dataDir,
    evidenceDir: path.resolve(e.PORTALBOTS_EVIDENCE_DIR ?? path.join(dataDir, 'evidence')),
    failureDir: path.resolve(e.PORTALBOTS_FAILURE_DIR ?? path.join(dataDir, 'failures')),
    credentialsFile: e.PORTALBOTS_CREDENTIALS_FILE,
    evidenceSigningKey: e.PORTALBOTS_EVIDENCE_SIGNING_KEY,
    evidenceSigningKeyFile: path.resolve(
      e.PORTALBOTS_EVIDENCE_SIGNING_KEY_FILE ?? path.join(dataDir, 'keys', 'evidence-signing.key'),
    ),
    workerConcurrency: e.PORTALBOTS_WORKER_CONCURRENCY,
    jobAttempts: e.PORTALBOTS_JOB_ATTEMPTS,
    chromiumPath: e.CHROMIUM_PATH,
    logLevel: e.LOG_LEVEL,
    portalUrls,
    tracing: e.PORTALBOTS_TRACING,
    ...(e.PORTALBOTS_BROWSER_WS_ENDPOINT ? { browserWsEndpoint: e.PORTALBOTS_BROWSER_WS_ENDPOINT } : {}),
    ...(e.PORTALBOTS_SESSION_KEY ? { sessionKey: Buffer.from(e.PORTALBOTS_SESSION_KEY, 'base64') } : {}),
  };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
