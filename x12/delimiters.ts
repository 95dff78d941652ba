// Reading the delimiters an interchange declares in its ISA header. Every
// interchange (not every file) declares its own, so a file with two ISAs may
// switch delimiters half way; the tokenizer calls this at each ISA.
import { X12ParseError, printableId } from './errors.ts';

export interface Delimiters {
  element: number;
  component: number;
  /** -1 when the interchange declares none (ISA11 = 'U' in 4010). */
  repetition: number;
  segment: number;
}

/** Result of looking at the bytes where an ISA should start. */
export type IsaProbe = Delimiters | 'need-more';

const I = 0x49,
  S = 0x53,
  A = 0x41;
// Real ISAs are 106 bytes; allow unpadded or over-padded ones, but stop
// scanning somewhere so a binary file cannot make us read forever.
const MAX_ISA_BYTES = 400;

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * Inspect `buf` at `pos` (first non-blank byte where an interchange must
 * start). `final` says no more bytes will come, turning "need more" into a
 * truncation error. `position` is the 1-based segment index the ISA would get.
 */
export function probeIsa(
  buf: Buffer,
  pos: number,
  absOffset: number,
  position: number,
  final: boolean,
  afterIea: boolean,
): IsaProbe {
  const avail = buf.length - pos;
  const fail = (why: string, id: string): never => {
    throw new X12ParseError(why, id, position, absOffset);
  };
  if (avail < 4) {
    if (!final) return 'need-more';
  }
  const looksIsa = avail >= 3 && buf[pos] === I && buf[pos + 1] === S && buf[pos + 2] === A;
  if (!looksIsa) {
    const found = leadingId(buf, pos);
    if (afterIea) fail(`expected ISA to start the next interchange after IEA, found "${found}"`, found);
    fail(`not an X12 file: expected an ISA segment, found "${found}"`, found);
  }
  if (avail < 4) fail('file ends inside the ISA segment (truncated)', 'ISA');
  const element = buf[pos + 3]!;
  let seps = 0;
  let rep = -1;
  let i = pos + 3;
  const end = Math.min(buf.length, pos + MAX_ISA_BYTES);
  for (; i < end; i++) {
    if (buf[i] === element) {
      seps++;
      if (seps === 11) rep = buf[i + 1] ?? -1;
      if (seps === 16) break;
    }
  }
  if (seps < 16 || i + 2 >= buf.length) {
    const couldComplete = buf.length - pos < MAX_ISA_BYTES + 2;
    if (couldComplete && !final) return 'need-more';
    if (couldComplete) fail('file ends inside the ISA segment (truncated)', 'ISA');
    fail('malformed ISA: expected 16 elements followed by the component separator and segment terminator', 'ISA');
  }
  const component = buf[i + 1]!;
  let segment = buf[i + 2]!;
  if (segment === 0x0a || segment === 0x0d) {
    // Some payers put a line break before every terminator ("...*:\n~GS*..."). A
    // line break followed by a delimiter-like byte means that byte is the
    // terminator; followed by a letter, the line break itself is.
    let j = i + 2;
    while (j < buf.length && (buf[j] === 0x0a || buf[j] === 0x0d)) j++;
    if (j >= buf.length) {
      if (!final) return 'need-more';
    } else {
      const next = buf[j]!;
      if (!isAlnum(next) && next !== element && next !== component && next > 0x20) segment = next;
    }
  }
  // ISA11 is the repetition separator from 5010 on; in 4010 it is the letter U.
  const repetition = rep >= 0 && !isAlnum(rep) && rep !== element && rep !== component && rep !== segment ? rep : -1;
  if (
    element === component ||
    element === segment ||
    component === segment ||
    isAlnum(element) ||
    isAlnum(component) ||
    isAlnum(segment)
  ) {
    fail('ISA declares unusable delimiters (they must be distinct non-alphanumeric bytes)', 'ISA');
  }
  return { element, component, repetition, segment };
}

/** What stands where a segment id should be: leading letters/digits (max 3), else the raw bytes. */
function leadingId(buf: Buffer, pos: number): string {
  let e = pos;
  while (e < buf.length && e - pos < 3 && isAlnum(buf[e]!)) e++;
  if (e === pos) e = Math.min(buf.length, pos + 3);
  return printableId(buf.toString('latin1', pos, e));
}
