// The derived copies one capture gets (lossless WebP, thumbnail, annotated
// copy), as one pure function of the original PNG: the same code runs in this
// process or in the low-priority derive process (derive/process.ts).
import { annotated, losslessWebp, thumbnail, type BannerFields, type DerivedVariant } from './images.ts';

export interface DeriveRequest {
  png: Uint8Array;
  banner: BannerFields;
  bannerPosition: 'top' | 'bottom';
  thumbnailWidth: number;
}

export type DeriveOutputs = Array<[DerivedVariant, Buffer]>;

export async function deriveCopies(req: DeriveRequest): Promise<DeriveOutputs> {
  return [
    ['webp', await losslessWebp(req.png)],
    ['thumb', await thumbnail(req.png, req.thumbnailWidth)],
    ['annotated', await annotated(req.png, req.banner, req.bannerPosition)],
  ];
}
