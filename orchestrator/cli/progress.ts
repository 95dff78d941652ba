// A one-line progress display for long runs: on stderr and only when stderr
// is a terminal, so pipes and --json output stay clean.
export interface Progress {
  update(done: number, total: number, failed?: number): void;
  finish(): void;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  label = 'done',
  enabled = Boolean(stream.isTTY),
): Progress {
  let last = '';
  let started = Date.now();
  let shown = false;
  return {
    update(done, total, failed = 0) {
      if (!enabled) return;
      if (!shown) started = Date.now();
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 && done < total ? ` eta ${Math.round((elapsed / done) * (total - done))}s` : '';
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}${failed ? `, ${failed} failed` : ''} (${pct}%)${eta}`;
      if (line === last) return;
      last = line;
      shown = true;
      stream.write(`\r${line}\x1b[K`);
    },
    finish() {
      if (enabled && shown) stream.write('\n');
    },
  };
}
