// Evidence pipeline cost: what one screenshot costs to hash and derive (the
// lossless WebP and the thumbnail, exactly the evidence-store's own derive
// functions), and how many bytes a stored capture takes on disk with every
// file and derived copy counted.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PortalCredential } from '../../bots/index.ts';
import { losslessWebp, thumbnail } from '../../evidence-store/derive/images.ts';
import type { BenchInfra } from './infra.ts';
import { bareLogin, bareLookup } from './bare-loop.ts';
import { benchBrowser } from './machine.ts';
import { median, metric, type MetricLine } from './metrics.ts';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

/** Real claim-detail screenshots from the portal, then hash + WebP + thumbnail on each. */
export async function deriveCost(p: {
  baseUrl: string;
  account: PortalCredential;
  claims: string[];
  screenshots: number;
  thumbnailWidth?: number;
}): Promise<MetricLine[]> {
  const browser = await benchBrowser();
  const pngs: Buffer[] = [];
  try {
    const s = await bareLogin(browser, p.baseUrl, p.account);
    for (let i = 0; i < p.screenshots; i++)
      pngs.push((await bareLookup(s.page, p.baseUrl, p.claims[i % p.claims.length]!)).png);
    await s.close();
  } finally {
    await browser.close();
  }
  const hash: number[] = [];
  const webp: number[] = [];
  const thumb: number[] = [];
  let webpBytes = 0;
  for (const png of pngs) {
    hash.push((await timed(async () => createHash('sha256').update(png).digest('hex')))[1]);
    const [w, tw] = await timed(() => losslessWebp(png));
    webp.push(tw);
    webpBytes += w.length;
    thumb.push((await timed(() => thumbnail(png, p.thumbnailWidth ?? 320)))[1]);
  }
  const totals = pngs.map((_, i) => hash[i]! + webp[i]! + thumb[i]!);
  const pngBytes = pngs.reduce((a, b) => a + b.length, 0);
  const n = pngs.length;
  const note = `${n} full-page claim-detail screenshots (mean ${Math.round(pngBytes / n / 1024)} KiB PNG, WebP ${Math.round(webpBytes / n / 1024)} KiB); runs in the background derive queue, off the lookup's critical path`;
  return [
    metric({ metric: 'evidence-derive.total', value: median(totals), unit: 'ms/screenshot', runs: n, note }),
    metric({ metric: 'evidence-derive.sha256', value: median(hash), unit: 'ms/screenshot', runs: n }),
    metric({ metric: 'evidence-derive.webp-lossless', value: median(webp), unit: 'ms/screenshot', runs: n }),
    metric({ metric: 'evidence-derive.thumbnail', value: median(thumb), unit: 'ms/screenshot', runs: n }),
  ];
}

/** Bytes on disk under the evidence directory per stored capture (after the derive queue drained). */
export async function bytesPerCapture(infra: BenchInfra): Promise<MetricLine[]> {
  await infra.evidence.whenIdle();
  const captures = await infra.db.evidence.count({ where: { kind: 'screenshot' } });
  if (captures === 0) return [];
  const byExt = new Map<string, number>();
  let total = 0;
  for (const file of await walk(infra.evidenceDir)) {
    const size = (await stat(file)).size;
    total += size;
    const ext = path.extname(file).slice(1) || 'other';
    byExt.set(ext, (byExt.get(ext) ?? 0) + size);
  }
  const parts = [...byExt]
    .sort((a, b) => b[1] - a[1])
    .map(([ext, b]) => `${ext} ${Math.round(b / captures / 1024)} KiB`)
    .join(', ');
  return [
    metric({
      metric: 'evidence-bytes',
      value: total / captures / 1024,
      unit: 'KiB/capture',
      runs: 1,
      note: `${captures} captures; per capture: ${parts} (PNG + HTML + ARIA + manifest originals, WebP + thumbnail + annotated copies; identical files stored once)`,
    }),
  ];
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
