import { Redis } from 'ioredis';

/**
 * A Redis connection fit for BullMQ workers: `maxRetriesPerRequest: null` so
 * blocking commands survive a Redis restart instead of failing the worker.
 */
export function createRedis(url: string, role: 'worker' | 'producer' = 'worker'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}
