// `node --import tsx portal-child.ts <seed>`: serves the Availity-like mock
// portal on a free port, prints `{"url": ...}` as one line, and runs until its
// parent closes stdin (or dies).
import { startAvailityPortal } from '../../mock-portals/availity/index.ts';

const seed = Number(process.argv[2]);
if (!Number.isInteger(seed)) {
  process.stderr.write('usage: portal-child.ts <seed>\n');
  process.exit(2);
}
const portal = await startAvailityPortal({ seed });
process.stdout.write(`${JSON.stringify({ url: portal.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void portal.close().finally(() => process.exit(0)));
