// credentialing-status on the CAQH-like portal: search the provider roster by
// NPI (walking result pages if needed), open the provider's profile, then its
// "Authorized Plans" tab. Both pages are captured; every value is parsed
// strictly and the NPI is cross-checked on both, so a wrong provider or a
// redesigned page is reported instead of returned.
import type { Page } from 'playwright';
import type { StepTools, TaskDefinition, TaskOutcome } from '../runtime/bot.ts';
import { readWhileCapturing } from '../runtime/capture.ts';
import { BotError } from '../runtime/errors.ts';
import { nullable, parseCode, parseText } from '../runtime/parse.ts';
import { has, need, readFields, readTable } from '../runtime/selectors.ts';
import { CredentialingStatusInput, CredentialingStatusOutput } from '../runtime/tasks.ts';
import { parseCaqhDate, parseEnum } from './parse.ts';
import {
  ENROLLMENT_STATUSES,
  NO_DATE,
  NOT_ATTESTED,
  PLAN_COLUMNS,
  PLAN_IDS,
  PROFILE_STATUSES,
  ROSTER_COLUMNS,
  caqhSelectors as S,
} from './selectors.ts';

type Output = CredentialingStatusOutput;
/** Roster pages walked at most: the NPI search normally yields one row. */
const MAX_ROSTER_PAGES = 10;
const PROFILE_FIELDS = ['providerName', 'npi', 'profileStatus', 'lastAttestationDate', 'reattestationDueDate'] as const;

async function notFound(page: Page, tools: StepTools, label: string): Promise<TaskOutcome<Output>> {
  await tools.capture(page, `credentialing-status: ${label}`);
  return { outcome: 'not_found' };
}

/** Searches the roster and opens the profile. Returns not_found, or null once on the profile page. */
async function openProfile(page: Page, npi: string, tools: StepTools): Promise<TaskOutcome<Output> | null> {
  // The roster search is a GET form: going straight to its result URL saves a
  // page load per provider (an NPI is not PHI, so it may sit in the URL).
  await tools.goto(page, `${tools.baseUrl}/roster?q=${encodeURIComponent(npi)}`, 'roster');
  if (await has(page, S, 'roster', 'noResults')) return notFound(page, tools, 'no providers found');

  for (let pageNo = 1; ; pageNo++) {
    const rows = await readTable(page, S, 'roster', 'table', ROSTER_COLUMNS);
    const hits = rows.filter((r) => r.npi === npi);
    if (hits.length > 1)
      throw new BotError('unexpected', 'roster: the NPI appears on more than one roster row', {
        page: 'roster',
        element: 'table.npi',
      });
    if (hits.length === 1) {
      const row = (await need(page, S, 'roster', 'table'))
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: npi, exact: true }) });
      await tools.submit(page, row.getByRole('link'), 'profile');
      return null;
    }
    if (!(await has(page, S, 'roster', 'next')) || pageNo >= MAX_ROSTER_PAGES)
      return notFound(page, tools, 'NPI not on the roster');
    await tools.submit(page, await need(page, S, 'roster', 'next'), 'roster');
  }
}

async function readProfile(page: Page, npi: string): Promise<Omit<Output, 'enrollments'>> {
  const at = (element: string) => ({ page: 'profile', element });
  const f = await readFields(page, S, 'profile', PROFILE_FIELDS);
  const shownNpi = parseCode(f.npi, /^\d{10}$/, at('npi'), 'an NPI');
  if (shownNpi !== npi)
    throw new BotError('unexpected', 'profile: the portal showed a different provider than the one searched', {
      page: 'profile',
      element: 'npi',
    });
  return {
    npi: shownNpi,
    providerName: parseText(f.providerName, at('providerName')),
    profileStatus: parseEnum(f.profileStatus, PROFILE_STATUSES, at('profileStatus'), 'profile status'),
    lastAttestationDate: nullable(f.lastAttestationDate, NOT_ATTESTED, (t) =>
      parseCaqhDate(t, at('lastAttestationDate')),
    ),
    reattestationDueDate: nullable(f.reattestationDueDate, NO_DATE, (t) =>
      parseCaqhDate(t, at('reattestationDueDate')),
    ),
  };
}

async function readPlans(page: Page, npi: string): Promise<Output['enrollments']> {
  const at = (element: string) => ({ page: 'plans', element });
  const f = await readFields(page, S, 'plans', ['npi'] as const);
  if (parseCode(f.npi, /^\d{10}$/, at('npi'), 'an NPI') !== npi) {
    throw new BotError('unexpected', "plans: the portal showed another provider's plans", {
      page: 'plans',
      element: 'npi',
    });
  }
  return (await readTable(page, S, 'plans', 'table', PLAN_COLUMNS)).map((r) => ({
    payer: parseEnum(r.plan, PLAN_IDS, at('table.plan'), 'health plan'),
    status: parseEnum(r.status, ENROLLMENT_STATUSES, at('table.status'), 'enrollment status'),
    effectiveDate: nullable(r.effective, NO_DATE, (t) => parseCaqhDate(t, at('table.effective'))),
    expiryDate: nullable(r.expiry, NO_DATE, (t) => parseCaqhDate(t, at('table.expiry'))),
  }));
}

export const credentialingStatus: TaskDefinition<typeof CredentialingStatusInput, typeof CredentialingStatusOutput> = {
  input: CredentialingStatusInput,
  output: CredentialingStatusOutput,
  async run(page, input, tools) {
    const early = await openProfile(page, input.npi, tools);
    if (early) return early;

    await need(page, S, 'profile', 'heading');
    const profile = await readWhileCapturing(
      tools.capture(page, 'credentialing-status: provider profile'),
      readProfile(page, input.npi),
    );

    await tools.submit(page, await need(page, S, 'profile', 'plansTab'), 'plans');
    await need(page, S, 'plans', 'heading');
    const enrollments = await readWhileCapturing(
      tools.capture(page, 'credentialing-status: authorized plans'),
      readPlans(page, input.npi),
    );
    return { outcome: 'found', data: { ...profile, enrollments } };
  },
};
