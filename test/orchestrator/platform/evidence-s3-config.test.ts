// PORTALBOTS_EVIDENCE_S3_* put a process's evidence files in an S3-compatible bucket
// (here s3rver, started by the test) instead of PORTALBOTS_EVIDENCE_DIR: what an
// operator sets so several hosts share one evidence store. The backend itself passes
// the storage contract suite in test/evidence-store/s3-backend.test.ts.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidenceStore } from '../../../evidence-store/index.ts';
import { loadConfig } from '../../../orchestrator/platform/config.ts';
import { evidenceBackendOptions } from '../../../orchestrator/platform/evidence-options.ts';
import { ctxFor, makeCapture } from '../../evidence-store/helpers.ts';

const BUCKET = 'fleet-evidence';
let server: S3rver;
let root: string;
let endpoint: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-s3-config-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(root, 's3'),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  endpoint = `http://127.0.0.1:${((await server.run()) as AddressInfo).port}`;
  // The AWS SDK's own credential chain, as in production.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
});
afterAll(async () => {
  await server.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('evidence in an S3-compatible bucket from configuration', () => {
  it('stores and reads blobs in the bucket under the prefix, nothing under the evidence dir', async () => {
    const dir = path.join(root, 'evidence');
    const config = loadConfig({
      PORTALBOTS_EVIDENCE_DIR: dir,
      PORTALBOTS_EVIDENCE_S3_BUCKET: BUCKET,
      PORTALBOTS_EVIDENCE_S3_ENDPOINT: endpoint,
      PORTALBOTS_EVIDENCE_S3_PREFIX: 'site-a/',
    });
    expect(config.evidenceS3).toEqual({ bucket: BUCKET, endpoint, region: 'us-east-1', prefix: 'site-a/' });
    const store = await openEvidenceStore({ dir, derive: false, ...evidenceBackendOptions(config) });
    try {
      expect(store.backend.kind).toBe('s3');
      const capture = await makeCapture('CLM-S3-1');
      const stored = await store.storeCapture(capture, ctxFor('CLM-S3-1'));
      expect((await store.read(stored.storageKey)).equals(Buffer.from(capture.png))).toBe(true);
      const inBucket = await fs.readdir(path.join(root, 's3', BUCKET), { recursive: true });
      expect(inBucket.some((f) => String(f).startsWith('site-a'))).toBe(true);
      const local = await fs.readdir(dir, { recursive: true }).catch(() => []);
      expect(local).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses a prefix that is not a folder, naming the variable', () => {
    expect(() => loadConfig({ PORTALBOTS_EVIDENCE_S3_BUCKET: BUCKET, PORTALBOTS_EVIDENCE_S3_PREFIX: 'a' })).toThrow(
      /PORTALBOTS_EVIDENCE_S3_PREFIX/,
    );
  });

  it('keeps the filesystem backend when no bucket is set', () => {
    expect(evidenceBackendOptions(loadConfig({}))).toEqual({});
  });
});
