// The vault's cipher as a SecretBox for subsystems below accounts (webhook
// secrets in platform/webhooks): same AES-256-GCM, same keys, same rotation.
import type { SecretBox } from '../platform/webhooks/secret-box.ts';
import { decryptField, encryptField } from './cipher.ts';
import type { Keyring } from './keyring.ts';

export function vaultSecretBox(keyring: Keyring): SecretBox {
  return {
    seal: (plaintext, aad) => encryptField(keyring, plaintext, aad),
    open: (keyId, blob, aad) => decryptField(keyring, keyId, blob, aad),
  };
}
