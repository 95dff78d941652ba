// One error type for everything wrong with an input file, so callers (CLI,
// workers, the fuzz test) can tell "bad file" from "bug in our code" with a
// single instanceof, and can print `message` as one line without a stack.

export class X12ParseError extends Error {
  override readonly name = 'X12ParseError';
  constructor(
    /** What went wrong, without the location (the location is appended). */
    readonly reason: string,
    /** Segment id (e.g. CLP), or the bytes found where a segment was expected. */
    readonly segmentId: string,
    /** 1-based index of the segment in the file (0 when none was read yet). */
    readonly position: number,
    /** 0-based byte offset of the segment start. */
    readonly offset: number,
  ) {
    // One line, always: element values echoed in `reason` may hold line breaks.
    super(`${reason.replace(/[\r\n]+/g, ' ')} (segment ${segmentId || '?'} #${position} at byte ${offset})`);
  }
}

/** Segment ids and element values are echoed into messages; keep them short and printable. */
export function printableId(raw: string, max = 8): string {
  let out = '';
  for (let i = 0; i < raw.length && i < max; i++) {
    const c = raw.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? raw[i] : '?';
  }
  return out;
}
