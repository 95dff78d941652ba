// Classified work-queue errors. Callers (HTTP API, CLI) map them: invalid
// input -> 400 / exit 2, not found -> 404, invalid transition -> 409.

export class WorkqueueInputError extends Error {
  override name = 'WorkqueueInputError';
}

export class WorkItemNotFoundError extends Error {
  override name = 'WorkItemNotFoundError';
  constructor(
    readonly itemId: string,
    message = `Work item ${itemId} does not exist`,
  ) {
    super(message);
  }
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
    reason?: string,
  ) {
    super(
      reason ??
        `Cannot move a work item from "${from}" to "${to}"; from "${from}" it can go to ${allowed.length ? allowed.map((s) => `"${s}"`).join(', ') : 'nothing (final state)'}`,
    );
  }
}

/** Wraps a zod failure into one line that names the field. */
export function inputError(
  what: string,
  issue: { path: PropertyKey[]; message: string } | undefined,
): WorkqueueInputError {
  const field = issue?.path.length ? issue.path.map(String).join('.') : '(root)';
  return new WorkqueueInputError(`${what}: ${field}: ${issue?.message ?? 'invalid'}`);
}
