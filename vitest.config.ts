import { defineConfig } from 'vitest/config';

// Two tiers, one suite: `npm test` runs every file; `npm run test:unit` runs
// the pure-logic files (*.unit.test.ts: no Chromium, Redis or PostgreSQL) in
// seconds, for the edit-test loop.
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Every log line of the run goes to one file, scanned for secrets and PHI
  // at the end (test/helpers/secret-scan.ts); a finding fails the run.
  globalSetup: ['test/helpers/log-scan-setup.ts'],
};

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: browser-heavy files would starve each other beyond two.
    maxWorkers: 2,
    reporters: ['default'],
    // Playwright's client can throw this from its message loop when the
    // browser process is SIGKILLed while a reply is in flight
    // (test/faults/browser-crash.test.ts does exactly that). It is not ours to
    // catch; a production worker dies of it and BullMQ re-delivers its jobs
    // (docs/GUARANTEES.md). Nothing else is ignored.
    onUnhandledError: (error) => !/^Object with guid \S+ was not bound in the connection$/.test(error.message ?? ''),
    projects: [
      // Pure logic shares one module cache across files (isolate: false): most of a file's time was imports.
      { test: { ...shared, name: 'unit', include: ['test/**/*.unit.test.ts'], pool: 'threads', isolate: false } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          // One module cache per worker process here too: each file brings up its own portals, browser, schema,
          // queue prefix and evidence directory and closes them, so it needs fresh services, not fresh modules.
          // Importing Playwright, BullMQ, Fastify and Prisma anew for every file cost 60 of a 20-file run's
          // 161 s (test/orchestrator/web: 116 s without); the whole suite went from 1,525 to 1,356 s here.
          isolate: false,
          exclude: ['test/**/*.unit.test.ts'],
        },
      },
    ],
  },
});
