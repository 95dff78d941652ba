// Public surface of the 835 (ERA) parser.
export { parse835Stream, parse835Text, parse835File, scan835File } from './parse.ts';
export type { ParseOptions, ByteSource } from './parse.ts';
export { X12ParseError } from './errors.ts';
export { SegmentTokenizer } from './tokenizer.ts';
export type { SegmentSink } from './tokenizer.ts';
export type { Delimiters } from './delimiters.ts';
export { parseCents, formatCents, numberToCents, centsToNumber, formatD8 } from './money.ts';
export type * from './types.ts';
