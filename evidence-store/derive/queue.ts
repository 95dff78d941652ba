// A tiny in-process work queue with bounded concurrency. Derivation (WebP,
// thumbnail, annotated copy) runs here so storeCapture returns as soon as the
// originals are durable and chained.
//
// A queue can also wait for quiet: with `quietMs`, its tasks start only once
// nothing has called activity() for that long (captures keep arriving while
// lookups run), or once more than `maxBacklog` are waiting, which bounds the
// lag under sustained load. whenIdle() drains at once.
export interface TaskQueueOptions {
  concurrency: number;
  onError: (err: unknown) => void;
  quietMs?: number;
  maxBacklog?: number;
}

export class TaskQueue {
  private readonly tasks: Array<() => Promise<void>> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private lastActivity = 0;
  private draining = false;
  private quietTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: TaskQueueOptions) {}

  get size(): number {
    return this.tasks.length + this.running;
  }

  /** Tasks queued and not started yet. */
  get backlog(): number {
    return this.tasks.length;
  }

  push(task: () => Promise<void>): void {
    this.tasks.push(task);
    this.pump();
  }

  /** Foreground work happened: a quiet-waiting queue holds off a while longer. */
  activity(): void {
    this.lastActivity = Date.now();
  }

  /** Resolves once every queued and running task has finished (tests, graceful shutdown, benchmarks). */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    this.draining = true;
    this.pump();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private mayStart(): boolean {
    const { quietMs, maxBacklog } = this.opts;
    if (!quietMs || this.draining) return true;
    if (maxBacklog !== undefined && this.tasks.length > maxBacklog) return true;
    const wait = this.lastActivity + quietMs - Date.now();
    if (wait <= 0) return true;
    this.quietTimer ??= setTimeout(() => {
      this.quietTimer = undefined;
      this.pump();
    }, wait).unref();
    return false;
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && this.tasks.length > 0 && this.mayStart()) {
      const task = this.tasks.shift()!;
      this.running++;
      // Start on a later tick: the caller's critical path never executes derivation code.
      setImmediate(() => {
        task()
          .catch((err) => this.opts.onError(err))
          .finally(() => {
            this.running--;
            if (this.size === 0) {
              this.draining = false;
              for (const w of this.idleWaiters.splice(0)) w();
            }
            this.pump();
          });
      });
    }
  }
}
