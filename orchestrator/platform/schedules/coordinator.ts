// node-cron 4.6's distributed coordination with Redis as the referee: each
// instance asks `shouldRun(key)` for a fire, where key = "<task name>:<slot
// ISO time>", and only the instance whose SET NX wins runs it. The key is not
// released on completion but left to expire: an instance whose clock or event
// loop runs late must still find the slot taken.
import type { Redis } from 'ioredis';
import type { RunCoordinator } from 'node-cron';

export function redisRunCoordinator(redis: Redis, keyPrefix: string, instanceId: string): RunCoordinator {
  return {
    async shouldRun(key: string, ttlMs: number): Promise<boolean> {
      const won = await redis.set(`${keyPrefix}:cron-lock:${key}`, instanceId, 'PX', Math.max(ttlMs, 1000), 'NX');
      return won === 'OK';
    },
  };
}
