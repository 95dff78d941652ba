// A tiny in-process work queue with bounded concurrency. Derivation (WebP, thumbnail,
// annotated copy) runs here so storeCapture returns as soon as the originals are
// durable and chained; sharp's own thread pool does the pixel work.
export class TaskQueue {
  private readonly tasks: Array<() => Promise<void>> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  get size(): number {
    return this.tasks.length + this.running;
  }

  push(task: () => Promise<void>): void {
    this.tasks.push(task);
    this.pump();
  }

  /** Resolves once every queued and running task has finished (tests, graceful shutdown). */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.tasks.length > 0) {
      const task = this.tasks.shift()!;
      this.running++;
      // Start on a later tick: the caller's critical path never executes derivation code.
      setImmediate(() => {
        task()
          .catch((err) => this.onError(err))
          .finally(() => {
            this.running--;
            this.pump();
            if (this.size === 0) for (const w of this.idleWaiters.splice(0)) w();
          });
      });
    }
  }
}
