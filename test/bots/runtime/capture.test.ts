// The evidence capture of a page in real Chromium: the full-page PNG comes
// from the DevTools protocol directly (bots/runtime/capture.ts), so it must
// show the whole page (not the viewport), at the page's device scale, with the
// same pixels Playwright's own full-page screenshot gives.
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { capturePage, isPng } from '../../../bots/runtime/capture.ts';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const TALL = `<!doctype html><html><head><title>Claim detail</title>
<style>body { margin: 0; font: 14px sans-serif } .row { height: 100px; border-bottom: 1px solid #888 }</style>
</head><body>${Array.from({ length: 30 }, (_, i) => `<div class="row">Row ${i + 1}</div>`).join('')}</body></html>`;

describe('capturePage', () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  for (const deviceScaleFactor of [1, 2]) {
    it(`captures the whole page beyond the viewport at device scale ${deviceScaleFactor}`, async () => {
      context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor });
      const page = await context.newPage();
      await page.setContent(TALL);
      const c = await capturePage(page, 'claim-status: claim detail', 'test-1');
      expect(isPng(c.png)).toBe(true);
      // 30 rows of 101 px: far taller than the 600 px viewport.
      expect(pngSize(c.png)).toEqual({ width: 800 * deviceScaleFactor, height: 3030 * deviceScaleFactor });
      expect(c.viewport).toEqual({ width: 800, height: 600, deviceScaleFactor });
      expect(c.title).toBe('Claim detail');
      expect(c.html).toContain('Row 30');
      expect(c.ariaSnapshot).toContain('Row 30');
      // The same picture Playwright's full-page screenshot takes, byte for byte.
      expect(c.png.equals(await page.screenshot({ fullPage: true, type: 'png' }))).toBe(true);
      await context.close();
    });
  }
});
