// An evidence sink for bot tests that keeps captures and downloaded files in
// memory: what the bot captured, in order, with the references a real sink
// would return.
import { createHash } from 'node:crypto';
import type { DownloadedFile, EvidenceRef, EvidenceSink, PageCapture } from '../../bots/runtime/bot.ts';

export class MemorySink implements EvidenceSink {
  readonly captures: PageCapture[] = [];
  readonly files: DownloadedFile[] = [];
  private readonly byId = new Map<string, DownloadedFile>();
  async capture(c: PageCapture): Promise<EvidenceRef> {
    this.captures.push(c);
    return {
      id: `ev-${this.captures.length}`,
      sha256: createHash('sha256').update(c.png).digest('hex'),
      url: c.finalUrl,
      capturedAt: c.capturedAt.toISOString(),
    };
  }
  async file(f: DownloadedFile): Promise<EvidenceRef> {
    this.files.push(f);
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    const id = `file-${sha256.slice(0, 12)}`;
    this.byId.set(id, f);
    return { id, sha256, url: f.url, capturedAt: f.downloadedAt.toISOString() };
  }
  /** The file stored under an evidence id this sink returned. */
  fileById(id: string): DownloadedFile | undefined {
    return this.byId.get(id);
  }
  /** The captures' labels, in order. */
  labels(): string[] {
    return this.captures.map((c) => c.label);
  }
}
