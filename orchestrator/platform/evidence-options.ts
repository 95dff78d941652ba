// The evidence store options every process derives from configuration the same way
// (workers, the orchestrator, the evidence CLI): trust anchors for key rotation, the
// automatic checkpoint cadence and where checkpoints are copied off-host.
import { parseTrustedKeys, type TrustedKey } from '../../evidence-store/index.ts';
import { ConfigError, type Config } from './config.ts';

export function evidenceTrustOptions(
  config: Pick<Config, 'evidenceTrustedKeys' | 'evidenceCheckpointEvery' | 'evidenceCheckpointExport'>,
): { trustedPublicKeys: TrustedKey[]; checkpointEvery?: number; checkpointExport?: string } {
  try {
    return {
      trustedPublicKeys: config.evidenceTrustedKeys ? parseTrustedKeys(config.evidenceTrustedKeys) : [],
      ...(config.evidenceCheckpointEvery !== undefined ? { checkpointEvery: config.evidenceCheckpointEvery } : {}),
      ...(config.evidenceCheckpointExport ? { checkpointExport: config.evidenceCheckpointExport } : {}),
    };
  } catch (e) {
    throw new ConfigError(`Invalid environment variable PORTALBOTS_EVIDENCE_TRUSTED_KEYS: ${(e as Error).message}`);
  }
}
