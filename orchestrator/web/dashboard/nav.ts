// The dashboard's navigation as data: each entry names the roles that may open
// its page, and a viewer sees only the entries their role may open (the same
// role lists the routes declare, so a link never leads to a 403). A new page
// adds one entry here with its route's role list.
import { ACCESS } from '../api/auth/roles.ts';
import type { Role } from '../api/auth/roles.ts';

export interface NavEntry {
  href: string;
  label: string;
  /** The roles the page's route allows (config.roles). */
  roles: readonly Role[];
}

export const NAV: readonly NavEntry[] = [
  { href: '/dashboard', label: 'Home', roles: ACCESS.any },
  { href: '/dashboard/denials', label: 'Denials', roles: ACCESS.billing },
  { href: '/dashboard/reports', label: 'Reports', roles: ACCESS.billing },
  { href: '/dashboard/schedules', label: 'Schedules', roles: ACCESS.ops },
  { href: '/dashboard/accounts', label: 'Accounts', roles: ACCESS.ops },
  { href: '/dashboard/challenges', label: 'Challenges', roles: ACCESS.ops },
  { href: '/dashboard/queues', label: 'Queues', roles: ACCESS.ops },
];

/** The entries a role may open, in menu order. */
export function navFor(role: string): NavEntry[] {
  return NAV.filter((e) => (e.roles as readonly string[]).includes(role));
}
