// Layout "v2" of the CAQH-like portal: the same data with the roster search,
// the profile fields and the plans table moved and renamed, as a redesign
// would. Bots must report this as layout_changed, never read a wrong value.
import { caqhDate, providerDisplayName, type CaqhProvider } from './data.ts';
import { escapeHtml as h } from '../shared/helpers.ts';
import { page, type RosterView } from './views.ts';

const dateOr = (iso: string | null): string => (iso ? caqhDate(iso) : '-');

export function rosterPageV2(v: RosterView): string {
  const cards = v.rows
    .map(
      (p) =>
        `<li><a href="/providers/${p.caqhId}">${h(providerDisplayName(p))}</a> · NPI ${p.npi} · ${h(p.profileStatusText)}</li>`,
    )
    .join('');
  return page(
    'My Providers',
    `<h1>My Providers</h1><div class="info">We've refreshed ProView! Providers are now shown as cards.</div>
<form method="get" action="/roster" aria-label="Find a provider">
  <label for="v2q">Find a provider</label><input id="v2q" name="q" value="${h(v.query)}" placeholder="NPI, name or CAQH ID">
  <button class="go" type="submit">Find</button>
</form><p>${v.total} result(s)</p><ul aria-label="Provider cards">${cards}</ul>`,
    'roster',
  );
}

export function profilePageV2(p: CaqhProvider): string {
  return page(
    'Provider Overview',
    `<h1>Provider Overview</h1>
<section aria-label="Attestation"><dl><dt>Attestation status</dt><dd>${h(p.profileStatusText)}</dd>
<dt>Last attested on</dt><dd>${dateOr(p.lastAttestationDate)}</dd><dt>Next attestation</dt><dd>${dateOr(p.reattestationDueDate)}</dd></dl></section>
<section aria-label="Identifiers"><dl><dt>Name</dt><dd>${h(providerDisplayName(p))}</dd><dt>Type 1 NPI</dt><dd>${p.npi}</dd></dl></section>
<p><a href="/providers/${p.caqhId}/plans">Plan participation</a></p>`,
    'roster',
  );
}

export function plansPageV2(p: CaqhProvider): string {
  const rows = p.enrollments
    .map(
      (e) =>
        `<tr><td>${h(e.planName)}</td><td>${dateOr(e.effectiveDate)} to ${dateOr(e.expiryDate)}</td><td>${h(e.statusText)}</td></tr>`,
    )
    .join('');
  return page(
    'Plan participation',
    `<h1>Plan participation</h1>
<table aria-label="Plan participation"><thead><tr><th scope="col">Payer</th><th scope="col">Dates</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`,
    'roster',
  );
}
