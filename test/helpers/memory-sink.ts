// An evidence sink for bot tests that keeps captures in memory: what the bot
// captured, in order, with the references a real sink would return.
import { createHash } from 'node:crypto';
import type { DownloadedFile, EvidenceRef, EvidenceSink, PageCapture } from '../../bots/runtime/bot.ts';

export class MemorySink implements EvidenceSink {
  readonly captures: PageCapture[] = [];
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
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    return { id: `file-${sha256.slice(0, 12)}`, sha256, url: f.url, capturedAt: f.downloadedAt.toISOString() };
  }
  /** The captures' labels, in order. */
  labels(): string[] {
    return this.captures.map((c) => c.label);
  }
}
