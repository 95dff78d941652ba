// The `portalbots` program: the product's verbs (orchestrator/cli) plus the
// development verbs that stand up mock portals (demo, portals, bench). This is
// the one place production code and the mock portals meet.
import { main, PRODUCT_VERBS, type Verb } from '../orchestrator/cli/main.ts';

const DEVELOPMENT_VERBS: Record<string, Verb> = {
  demo: {
    description: 'The whole system locally: mock portals, database, worker, a sample sweep',
    load: [async () => (await import('../tools/demo/command.ts')).registerDemoCommand],
  },
  portals: {
    description: 'Serve the mock payer portals (seeded data, fault injection), or print their ground truth',
    load: [async () => (await import('../mock-portals/cli.ts')).registerPortalsCommand],
  },
};
const TOOL_VERBS: Record<string, Verb> = {
  bench: {
    description: 'Measure this machine and rewrite docs/BENCHMARKS.md',
    load: [async () => (await import('../tools/bench/command.ts')).registerBenchCommand],
  },
};

export async function run(argv: string[]): Promise<void> {
  await main(argv, { ...DEVELOPMENT_VERBS, ...PRODUCT_VERBS, ...TOOL_VERBS });
}
