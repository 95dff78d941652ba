// Credential vault: AES-256-GCM encrypted portal logins with key rotation.
export {
  parseKeyring,
  keyringFromConfig,
  optionalKeyring,
  generateKeyEntry,
  VaultError,
  CREDENTIAL_KEYS_VAR,
  type Keyring,
} from './keyring.ts';
export { encryptField, decryptField } from './cipher.ts';
export {
  CredentialInput,
  saveCredential,
  listCredentials,
  deleteCredential,
  readCredential,
  rotateCredentials,
  replacePassword,
  vaultRotation,
  pendingPassword,
  credentialProviderFromDb,
  type CredentialMetadata,
} from './vault.ts';
