// The S3 backend passes the same contract suite as the filesystem backend, against a
// local S3-compatible server (s3rver) started here. s3rver implements neither Object
// Lock nor conditional writes, so this runs the sidecar-lock mode; object-lock
// enforcement by S3 itself is documented as not testable here (evidence-store/README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import {
  generateSigningKey,
  openEvidenceStore,
  S3BlobBackend,
  type S3BackendOptions,
} from '../../evidence-store/index.ts';
import { blobBackendContract } from './blob-contract.ts';
import { createTestDb, ctxFor, makeCapture } from './helpers.ts';

let server: S3rver;
let root: string;
let endpoint: string;
const BUCKET = 'evidence-test';

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-s3rver-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: root,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const addr = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await server.close();
  await fs.rm(root, { recursive: true, force: true });
});

function options(prefix: string): S3BackendOptions {
  return {
    bucket: BUCKET,
    prefix,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
  };
}

blobBackendContract('s3 (s3rver)', async () => {
  // A fresh prefix per test: the suite's list() expectations see only this test's blobs.
  const backend = new S3BlobBackend(options(`t-${randomBytes(4).toString('hex')}/`));
  return { backend, cleanup: async () => undefined };
});

describe('S3 backend under the evidence store', () => {
  it('stores, reads and verifies a capture kept in S3', async () => {
    const db = await createTestDb('s3');
    const key = generateSigningKey();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-s3-'));
    const store = await openEvidenceStore({
      dir,
      db: db.pool,
      signingKey: key.seedBase64,
      derive: false,
      backend: new S3BlobBackend(options('store/')),
    });
    try {
      const c = await store.storeCapture(await makeCapture('CLM-S3'), ctxFor('CLM-S3'));
      expect(await fs.readdir(dir)).toEqual([]); // nothing on the local disk
      expect((await store.read(c.storageKey)).length).toBe(c.byteSize);
      const r = await store.verify({ all: true });
      expect(r.problems).toEqual([]);
      expect(r.files.rehashed).toBe(4);
    } finally {
      await store.close();
      await db.drop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
