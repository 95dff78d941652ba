// Where a worker gets a portal login from. The platform only consumes this;
// orchestrator/accounts/ implements it (credentials file, encrypted vault) and
// the process that starts the worker picks one.
import type { PortalCredential } from '../../../bots/index.ts';

export type CredentialProvider = (portal: string) => Promise<PortalCredential>;
