// Where a worker gets portal logins from. The platform only consumes this;
// orchestrator/accounts/ implements it (credentials file, encrypted vault) and
// the process that starts the worker picks one.
import type { PortalCredential } from '../../../bots/index.ts';

/** What an account may see; a job for a TIN goes to an account whose scope lists it (absent: everything). */
export interface AccountScope {
  tins?: string[];
  npis?: string[];
  payers?: string[];
}

/** One account of a portal's credential pool. */
export interface AccountCredential extends PortalCredential {
  /** What people call it: the vault label, or the username of a credentials-file entry. */
  label?: string;
  scope?: AccountScope;
}

export type CredentialProvider = ((portal: string) => Promise<PortalCredential>) & {
  /** Every account of the portal (the pool). Absent: the single login the call returns. */
  all?: (portal: string) => Promise<AccountCredential[]>;
};
