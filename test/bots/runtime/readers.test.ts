// The runtime's page readers (readFields, readTable, readList and the legacy
// grid readers) read a container's markup and parse it in Node. These pages
// are rendered by real Chromium, so the markup is the browser's own
// serialisation: entities, implied tbody, nested tables and whitespace as a
// portal would produce them.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotError } from '../../../bots/runtime/errors.ts';
import { defineSelectors, inOrder, readFields, readList, readTable } from '../../../bots/runtime/selectors.ts';
import { readGrid, readPairs } from '../../../bots/medicaid/read.ts';

const S = defineSelectors({
  detail: {
    summary: { role: 'table', name: 'Claim summary', exact: true },
    terms: { css: 'dl#terms' },
    adjustments: { role: 'table', name: 'Adjustments', exact: true },
    remarks: { role: 'list', name: 'Remark codes', exact: true },
    twice: { css: 'table.twice' },
    absent: { css: 'table#absent' },
    claimNumber: { field: 'Claim number', in: 'summary' },
    billed: { field: 'Billed amount', in: 'summary' },
    payer: { field: 'Payer', in: 'terms' },
    duplicated: { field: 'Status', in: 'summary' },
    missing: { field: 'Paid amount', in: 'summary' },
    ghost: { field: 'Anything', in: 'absent' },
  },
  legacy: {
    pairs: { css: 'table#pairs' },
    grid: { css: 'table#grid' },
    empty: { css: 'table#empty' },
  },
});

const PAGE = `<!doctype html><html><body>
<table aria-label="Claim summary">
  <tr><th>Claim
      number</th><td> C-1001 </td></tr>
  <tr><th>Billed amount</th><td>$1,250.00&nbsp;</td></tr>
  <tr><th>Status</th><td>Paid</td></tr>
  <tr><th>Status</th><td>Denied</td></tr>
</table>
<dl id="terms"><dt>Payer</dt><dd>Aetna &amp; Co &lt;PPO&gt;</dd></dl>
<table aria-label="Adjustments">
  <thead><tr><th>Amount</th><th>Group</th><th>CARC</th></tr></thead>
  <tbody>
    <tr><td>10.00</td><td>CO</td><td>45</td></tr>
    <tr><td>2.50</td><td>PR</td><td><span>1</span></td></tr>
  </tbody>
</table>
<ul aria-label="Remark codes"><li>N130 Consult plan benefit documents.</li><li>
  MA01 Appeal rights.</li></ul>
<table class="twice"></table><table class="twice"></table>
<table id="pairs">
  <tr><td class="lbl">ICN</td><td>2024123000001</td><td class="lbl">Status</td><td>PAID</td></tr>
  <tr><td>note<table><tr><td class="lbl">ICN</td><td>nested, not read</td></tr></table></td></tr>
</table>
<table id="grid">
  <tr><th>Check</th><th>Amount</th></tr>
  <tr><td>EFT1</td><td>100.00</td></tr>
  <tr><td>EFT2</td><td>5.00</td></tr>
</table>
<table id="empty"><tr><th>Check</th><th>Amount</th></tr><tr><td colspan="2">No records found.</td></tr></table>
</body></html>`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent(PAGE);
});
afterAll(async () => {
  await browser?.close();
});

async function layoutChange(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  expect((err as BotError).errorClass).toBe('layout_changed');
  return err as BotError;
}

describe('readFields', () => {
  it('reads th/td rows and dt/dd terms, whitespace folded and entities decoded', async () => {
    expect(await readFields(page, S, 'detail', ['claimNumber', 'billed', 'payer'])).toEqual({
      claimNumber: 'C-1001',
      billed: '$1,250.00',
      payer: 'Aetna & Co <PPO>',
    });
  });

  it('reports a label that appears twice or not at all, naming the field', async () => {
    expect((await layoutChange(readFields(page, S, 'detail', ['duplicated']))).message).toBe(
      'detail: duplicated (labelled "Status") appears 2 times',
    );
    expect((await layoutChange(readFields(page, S, 'detail', ['missing']))).message).toBe(
      'detail: missing (labelled "Paid amount") was not found',
    );
  });

  it('reports a container that is not on the page, after the short need() timeout', async () => {
    const err = await layoutChange(readFields(page, S, 'detail', ['claimNumber', 'ghost']));
    expect(err.message).toBe('detail: absent was not found');
  });
});

describe('readTable', () => {
  it('keys body rows by header text, in any column order', async () => {
    expect(
      await readTable(page, S, 'detail', 'adjustments', { group: 'Group', carc: 'CARC', amount: 'Amount' }),
    ).toEqual([
      { group: 'CO', carc: '45', amount: '10.00' },
      { group: 'PR', carc: '1', amount: '2.50' },
    ]);
  });

  it('reports a renamed column and an ambiguous container', async () => {
    expect((await layoutChange(readTable(page, S, 'detail', 'adjustments', { reason: 'Reason' }))).message).toBe(
      'detail: adjustments.reason (column "Reason") was not found',
    );
    expect((await layoutChange(readTable(page, S, 'detail', 'twice', { a: 'A' }))).message).toBe(
      'detail: twice matches more than one element',
    );
  });
});

describe('readList', () => {
  it('reads each item, whitespace folded', async () => {
    expect(await readList(page, S, 'detail', 'remarks')).toEqual([
      'N130 Consult plan benefit documents.',
      'MA01 Appeal rights.',
    ]);
  });
});

describe('legacy readers (frames portal)', () => {
  it('reads label/value cell pairs of the table itself, not of tables nested in its cells', async () => {
    expect(await readPairs(page, S, 'legacy', 'pairs', { icn: 'ICN', status: 'Status' })).toEqual({
      icn: '2024123000001',
      status: 'PAID',
    });
  });

  it('reads a grid under its header row and knows the empty marker', async () => {
    expect(await readGrid(page, S, 'legacy', 'grid', { check: 'Check', amount: 'Amount' })).toEqual([
      { check: 'EFT1', amount: '100.00' },
      { check: 'EFT2', amount: '5.00' },
    ]);
    expect(
      await readGrid(page, S, 'legacy', 'empty', { check: 'Check', amount: 'Amount' }, ['No records found.']),
    ).toEqual([]);
  });
});

describe('inOrder', () => {
  it('reports the first failure in list order, whichever failed first in time', async () => {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('first in list')), 30));
    const early = Promise.reject(new Error('second in list'));
    await expect(inOrder([late, early])).rejects.toThrow('first in list');
    await expect(inOrder([Promise.resolve(1), Promise.resolve('a')] as const)).resolves.toEqual([1, 'a']);
  });
});
