// The evidence store options every process derives from configuration the same way
// (workers, the orchestrator, the evidence CLI): trust anchors for key rotation, the
// automatic checkpoint cadence, where checkpoints are copied off-host, the RFC 3161 TSA.
import { parseTrustedKeys, type TrustedKey } from '../../evidence-store/index.ts';
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
