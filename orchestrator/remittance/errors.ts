// Classified failures of the ERA pipeline. The code says what to do next:
// bad input (fix the call), a missing or altered evidence file (investigate
// the store), a file that is not a valid 835 (ask the payer for a new one), or
// a test file (ISA15 = T) that must not be booked as real payments unless forced.
export type EraPipelineErrorCode =
  | 'invalid_input'
  | 'evidence_not_found'
  | 'integrity_error'
  | 'parse_failed'
  | 'test_file';

export class EraPipelineError extends Error {
  override name = 'EraPipelineError';
  constructor(
    readonly code: EraPipelineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
