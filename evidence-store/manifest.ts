// The capture manifest: what was on screen, where, when and by what software, plus
// the hashes of the three originals. It is itself stored (as canonical JSON) and
// hashed, so the manifest is evidence too. No PHI is added here beyond what the
// page itself showed (url/title come from the portal).
import { z } from 'zod';

const sha = z.string().regex(/^[0-9a-f]{64}$/);
/** ISO-8601 in UTC with a trailing Z, e.g. 2026-11-23T01:02:03.456Z. */
export const utcIso = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'must be an ISO-8601 UTC timestamp ending in Z');

export const storedFileSchema = z.object({
  sha256: sha,
  storageKey: z.string().min(1),
  byteSize: z.number().int().nonnegative(),
  contentType: z.string().min(1),
});
export type StoredFile = z.infer<typeof storedFileSchema>;

export const captureManifestSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('page-capture'),
  label: z.string(),
  title: z.string(),
  url: z.string(),
  finalUrl: z.string(),
  httpStatus: z.number().int().nullable(),
  capturedAt: utcIso,
  browser: z.object({ version: z.string() }),
  playwrightVersion: z.string(),
  userAgent: z.string(),
  viewport: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    deviceScaleFactor: z.number().positive(),
  }),
  /** Pixel size of the PNG as stored (viewport x scale, or the full page). */
  image: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).nullable(),
  botVersion: z.string(),
  portal: z.string(),
  runId: z.string(),
  jobId: z.string(),
  claimRef: z.string().nullable(),
  organizationId: z.string(),
  files: z.object({ png: storedFileSchema, html: storedFileSchema, aria: storedFileSchema }),
});
export type CaptureManifest = z.infer<typeof captureManifestSchema>;

/** What a caller hands to storeCapture: structurally a bot's page capture; the store imports nothing from bots. */
export interface CaptureInput {
  label: string;
  png: Uint8Array;
  html: string;
  ariaSnapshot: string;
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  title?: string;
  capturedAt: Date;
  viewport: { width: number; height: number; deviceScaleFactor: number };
  userAgent: string;
  browserVersion: string;
  playwrightVersion: string;
  botVersion?: string;
}

export const captureContextSchema = z.object({
  runId: z.string().min(1),
  jobId: z.string().min(1),
  portal: z.string().min(1),
  claimRef: z.string().min(1).optional(),
  botVersion: z.string().min(1),
  organizationId: z.string().min(1).optional(),
});
export type CaptureContext = z.input<typeof captureContextSchema>;

/** Width/height from a PNG's IHDR chunk: cheap enough for the hot path (no image decode). */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.byteLength < 24 || sig.some((b, i) => png[i] !== b)) return null;
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : null;
}
