// The promise a streamed put makes (these bytes hash to sha256 and are byteSize long),
// checked while the bytes pass. The last chunk is held back until the whole stream has
// been hashed, so a backend that forwards chunks as they come (an S3 upload of declared
// length) never sends a complete body for content that is not the promised one.
import { createHash } from 'node:crypto';
import { BlobContentMismatchError, type StreamPutOptions } from './backend.ts';

export async function* checkedChunks(
  key: string,
  source: AsyncIterable<Uint8Array>,
  promised: StreamPutOptions,
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  let held: Uint8Array | null = null;
  for await (const chunk of source) {
    hash.update(chunk);
    size += chunk.byteLength;
    if (size > promised.byteSize) break; // longer than promised: no need to read the rest
    if (held) yield held;
    held = chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== promised.sha256 || size !== promised.byteSize)
    throw new BlobContentMismatchError(key, promised.sha256, actual);
  if (held) yield held;
}
