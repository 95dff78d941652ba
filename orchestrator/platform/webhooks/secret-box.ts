// How webhook secrets are sealed at rest. The platform does not know the vault
// (accounts/ sits above it); whoever starts the API or the orchestrator passes
// the vault's cipher in (accounts/secret-box.ts), so webhook secrets are
// encrypted exactly like portal credentials, under PORTALBOTS_CREDENTIAL_KEYS.
export interface SecretBox {
  seal(plaintext: string, aad: string): { keyId: string; blob: Uint8Array<ArrayBuffer> };
  open(keyId: string, blob: Uint8Array, aad: string): string;
}

export class WebhookSecretError extends Error {
  override name = 'WebhookSecretError';
}

/** Additional authenticated data: a sealed secret only opens for its own endpoint row. */
export const webhookSecretAad = (endpointId: string) => `webhook:${endpointId}:secret`;
