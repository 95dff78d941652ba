// One API server on an isolated harness (schema, queue prefix, evidence dir),
// with one key per role. Injected with app.inject: no port, no network.
import path from 'node:path';
import type pg from 'pg';
import { bots } from '../../../bots/registry.ts';
import { generateSigningKey, openEvidenceStore, type EvidenceStore } from '../../../evidence-store/index.ts';
import { createPool } from '../../../orchestrator/platform/db/connection.ts';
import { createApiKey } from '../../../orchestrator/web/api/auth/keys.ts';
import { ROLES, type Role } from '../../../orchestrator/web/api/auth/roles.ts';
import { buildApiServer, type ApiApp } from '../../../orchestrator/web/api/server.ts';
import { parseKeyring, type Keyring } from '../../../orchestrator/accounts/keyring.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';
import { captureLogs, type CapturedLogs } from '../../helpers/logs.ts';

export const TEST_KEYRING = `k2026:${Buffer.alloc(32, 7).toString('base64')},k2025:${Buffer.alloc(32, 9).toString('base64')}`;

export interface ApiFixture {
  h: Harness;
  /** Opened on a pool whose search_path is the test schema (the harness's store is given a URL, whose ?schema= pg ignores). */
  evidence: EvidenceStore;
  app: ApiApp;
  keys: Record<Role, string>;
  keyring: Keyring;
  logs: CapturedLogs;
  close(): Promise<void>;
}

export async function createApiFixture(label: string, opts: { dashboard?: boolean } = {}): Promise<ApiFixture> {
  const h = await createHarness(label, {});
  const logs = captureLogs('info');
  const keyring = parseKeyring(TEST_KEYRING);
  const pool: pg.Pool = createPool(h.config.databaseUrl, 4);
  // A signing key, because appeal packets carry a signed checkpoint.
  const evidence = await openEvidenceStore({
    dir: path.join(h.config.dataDir, 'api-evidence'),
    db: pool,
    signingKey: generateSigningKey().seedBase64,
  });
  const app = await buildApiServer(
    { config: h.config, db: h.db, logger: logs.logger, queues: h.queues, bots, evidence, keyring },
    { dashboard: opts.dashboard ?? true },
  );
  await app.ready();
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey(h.db, { role, name: `test-${role}` })).key;
  return {
    h,
    evidence,
    app,
    keys,
    keyring,
    logs,
    async close() {
      await app.close();
      await evidence.close();
      await pool.end();
      await h.close();
    },
  };
}
