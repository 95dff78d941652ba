// Roles and what each may do. Every route declares its allowed roles (see
// requireRoles in plugin.ts); admin is implied everywhere.
import { z } from 'zod';

export const ROLES = ['billing', 'auditor', 'ops', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Named groups the routes use, so the policy reads like the product spec. */
export const ACCESS = {
  /** Submit lookups, read results, work the denial queue. */
  billing: ['billing', 'admin'],
  /** Read evidence and evidence packets. */
  evidence: ['auditor', 'admin'],
  /**
   * A claim's evidence on the dashboard (thumbnails, screenshots, the appeal packet): auditors and admins
   * for every claim, billing only for claims in their own queue (auth/claim-access.ts decides per claim).
   */
  claimEvidence: ['billing', 'auditor', 'admin'],
  /** Schedules, credentials, runs and queues. */
  ops: ['ops', 'admin'],
  /** A run's results: the billing team that submitted it and ops watching it. */
  runResults: ['billing', 'ops', 'admin'],
  /** Changes that bypass the product's own paths (bull-board's job actions). */
  admin: ['admin'],
  /** Anyone with a valid key (e.g. the dashboard home). */
  any: ['billing', 'auditor', 'ops', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
