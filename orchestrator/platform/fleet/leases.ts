// Fleet-wide account leases in Redis. A worker leases an account (one of its
// session slots) before it logs in and holds the lease, renewed by a
// heartbeat, for as long as its session lives; it releases the lease when it
// lets the session go. A worker that dies stops renewing, so its lease
// expires after the TTL and the account is usable again. Renew and release
// only touch a lease that is still ours (compare-and-set in Lua), so a worker
// that lost its lease can never take it back from its new holder.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface Lease {
  readonly portal: string;
  readonly accountId: string;
  readonly slot: number;
  readonly key: string;
  /** Extends the lease; false when it is no longer ours (expired, or someone else holds it). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export class AccountLeases {
  /** This process's identity in lease values (host-independent, unique per start). */
  readonly owner: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs: number,
    owner?: string,
  ) {
    this.owner = owner ?? `${process.pid}:${randomUUID()}`;
  }

  key(portal: string, accountId: string, slot: number): string {
    return `${this.prefix}:fleet:lease:${portal}:${accountId}:${slot}`;
  }

  /** Leases a free session slot of the account, or null when all `slots` are held. */
  async tryAcquire(portal: string, accountId: string, slots = 1): Promise<Lease | null> {
    for (let slot = 0; slot < slots; slot++) {
      const key = this.key(portal, accountId, slot);
      const ok = await this.redis.set(key, this.owner, 'PX', this.ttlMs, 'NX');
      if (ok === 'OK') return this.lease(portal, accountId, slot, key);
    }
    return null;
  }

  /**
   * Marks this process as serving the portal now and returns how many
   * processes do (each renews its mark with its lease heartbeat; a dead one
   * drops out after the lease TTL). Workers use it to share the accounts.
   */
  async liveWorkers(portal: string): Promise<number> {
    const key = `${this.prefix}:fleet:workers:${portal}`;
    const now = Date.now();
    const [, , count] = (await this.redis
      .multi()
      .zadd(key, now, this.owner)
      .zremrangebyscore(key, 0, now - this.ttlMs)
      .zcard(key)
      .pexpire(key, this.ttlMs * 2)
      .exec()) as [Error | null, unknown][];
    return Math.max(1, Number(count?.[1] ?? 1));
  }

  /** Takes this process out of the portal's worker count (graceful stop). */
  async leaveWorkers(portal: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}:fleet:workers:${portal}`, this.owner);
  }

  /** Who holds a slot now (tests and the CLI), or null. */
  holder(portal: string, accountId: string, slot = 0): Promise<string | null> {
    return this.redis.get(this.key(portal, accountId, slot));
  }

  private lease(portal: string, accountId: string, slot: number, key: string): Lease {
    return {
      portal,
      accountId,
      slot,
      key,
      renew: async () => Number(await this.redis.eval(RENEW, 1, key, this.owner, String(this.ttlMs))) === 1,
      release: async () => {
        await this.redis.eval(RELEASE, 1, key, this.owner);
      },
    };
  }
}
