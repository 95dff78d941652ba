// A stand-in worker for the lease tests: leases one account, renews it on the
// fleet heartbeat until killed. argv: redisUrl prefix portal accountId ttlMs
import { createRedis } from '../../../../orchestrator/platform/queue/connection.ts';
import { AccountLeases } from '../../../../orchestrator/platform/fleet/leases.ts';

const [redisUrl, prefix, portal, accountId, ttl] = process.argv.slice(2) as [string, string, string, string, string];
const leases = new AccountLeases(createRedis(redisUrl, 'producer'), prefix, Number(ttl));
const lease = await leases.tryAcquire(portal, accountId);
if (!lease) {
  process.stdout.write('busy\n');
  process.exit(3);
}
setInterval(() => void lease.renew(), Math.floor(Number(ttl) / 3));
process.stdout.write(`leased ${leases.owner}\n`);
