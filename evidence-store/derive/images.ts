// Derived images with sharp. Each function takes the original PNG bytes and returns
// new bytes; nothing here can touch the stored original (it only ever sees a copy
// in memory, and the result is stored under its own content hash).
import sharp from 'sharp';

export type DerivedVariant = 'webp' | 'thumb' | 'annotated' | 'redacted';

export const VARIANT_FORMAT: Record<DerivedVariant, { ext: string; contentType: string }> = {
  webp: { ext: 'webp', contentType: 'image/webp' },
  thumb: { ext: 'webp', contentType: 'image/webp' },
  annotated: { ext: 'png', contentType: 'image/png' },
  redacted: { ext: 'png', contentType: 'image/png' },
};

/** Pixel-exact WebP for viewing (smaller than PNG, identical pixels). */
export async function losslessWebp(png: Uint8Array): Promise<Buffer> {
  return sharp(png).webp({ lossless: true, effort: 4 }).toBuffer();
}

export async function thumbnail(png: Uint8Array, width: number): Promise<Buffer> {
  return sharp(png).resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}

export interface BannerFields {
  capturedAt: string;
  portal: string;
  url: string;
  claimRef: string | null;
  botVersion: string;
  sha256: string;
}

/**
 * The original on an extended canvas with a banner above or below it. The canvas grows
 * instead of overlaying, so the banner never hides any portal content; the pixels of the
 * original area are unchanged.
 */
export async function annotated(png: Uint8Array, fields: BannerFields, position: 'top' | 'bottom'): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  const width = meta.width;
  const height = meta.height;
  if (!width || !height) throw new Error('annotated: cannot read image size');
  const fontSize = Math.max(11, Math.min(22, Math.round(width / 70)));
  const lineHeight = Math.round(fontSize * 1.45);
  const pad = Math.round(fontSize * 0.8);
  const maxChars = Math.max(20, Math.floor((width - 2 * pad) / (fontSize * 0.62)));
  const when = fields.capturedAt
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace('Z', ' UTC');
  const lines = [
    `Captured ${when}  |  portal ${fields.portal}  |  bot ${fields.botVersion}${fields.claimRef ? `  |  claim ${fields.claimRef}` : ''}`,
    `URL ${fields.url}`,
    `Original SHA-256 ${fields.sha256.slice(0, 16)}...  (full hash and chain position in the evidence manifest)`,
  ].map((l) => truncate(l, maxChars));
  const bannerHeight = pad * 2 + lineHeight * lines.length;
  const svg = bannerSvg(width, bannerHeight, lines, fontSize, lineHeight, pad);
  return sharp(png)
    .extend({
      top: position === 'top' ? bannerHeight : 0,
      bottom: position === 'bottom' ? bannerHeight : 0,
      background: '#1f2937',
    })
    .composite([{ input: Buffer.from(svg), top: position === 'top' ? 0 : height, left: 0 }])
    .png()
    .toBuffer();
}

function bannerSvg(
  width: number,
  height: number,
  lines: string[],
  fontSize: number,
  lineHeight: number,
  pad: number,
): string {
  const text = lines
    .map(
      (l, i) =>
        `<text x="${pad}" y="${pad + lineHeight * i + fontSize}" font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" fill="#ffffff">${escapeXml(l)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#1f2937"/>${text}</svg>`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Validates a redacted copy produced elsewhere: must be a PNG of the same size as the original. */
export async function checkRedacted(original: Uint8Array, redacted: Uint8Array): Promise<void> {
  const [a, b] = await Promise.all([sharp(original).metadata(), sharp(redacted).metadata()]);
  if (b.format !== 'png') throw new Error('redacted copy must be a PNG');
  if (a.width !== b.width || a.height !== b.height) throw new Error('redacted copy must have the original pixel size');
}
