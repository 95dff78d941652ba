// The evidence store options every process derives from configuration the same way
// (workers, the orchestrator, the evidence CLI): trust anchors for key rotation, the
// automatic checkpoint cadence, where checkpoints are copied off-host, the RFC 3161 TSA.
import { parseTrustedKeys, S3BlobBackend, type BlobBackend, type TrustedKey } from '../../evidence-store/index.ts';
import { ConfigError, type Config } from './config.ts';

export function evidenceTrustOptions(
  config: Pick<
    Config,
    | 'evidenceTrustedKeys'
    | 'evidenceCheckpointEvery'
    | 'evidenceCheckpointExport'
    | 'evidenceTsaUrl'
    | 'evidenceTsaCaFile'
  >,
): {
  trustedPublicKeys: TrustedKey[];
  checkpointEvery?: number;
  checkpointExport?: string;
  tsaUrl?: string;
  tsaCaFile?: string;
} {
  try {
    return {
      trustedPublicKeys: config.evidenceTrustedKeys ? parseTrustedKeys(config.evidenceTrustedKeys) : [],
      ...(config.evidenceCheckpointEvery !== undefined ? { checkpointEvery: config.evidenceCheckpointEvery } : {}),
      ...(config.evidenceCheckpointExport ? { checkpointExport: config.evidenceCheckpointExport } : {}),
      ...(config.evidenceTsaUrl ? { tsaUrl: config.evidenceTsaUrl } : {}),
      ...(config.evidenceTsaCaFile ? { tsaCaFile: config.evidenceTsaCaFile } : {}),
    };
  } catch (e) {
    throw new ConfigError(`Invalid environment variable PORTALBOTS_EVIDENCE_TRUSTED_KEYS: ${(e as Error).message}`);
  }
}

/**
 * Where evidence files live: an S3-compatible bucket when PORTALBOTS_EVIDENCE_S3_BUCKET
 * is set (every host of the fleet then shares one store), else the filesystem under
 * evidenceDir (the store's default, so nothing is returned).
 */
export function evidenceBackendOptions(config: Pick<Config, 'evidenceS3'>): { backend?: BlobBackend } {
  const s3 = config.evidenceS3;
  if (!s3) return {};
  return {
    backend: new S3BlobBackend({
      bucket: s3.bucket,
      prefix: s3.prefix,
      clientConfig: {
        region: s3.region,
        ...(s3.endpoint ? { endpoint: s3.endpoint, forcePathStyle: true } : {}),
      },
      ...(s3.objectLockDays !== undefined ? { objectLock: true, defaultRetentionDays: s3.objectLockDays } : {}),
    }),
  };
}
