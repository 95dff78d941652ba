import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: browser-heavy files would starve each other beyond two.
    maxWorkers: 2,
    reporters: process.env.CI ? ['default'] : ['default'],
    // Every log line of the run goes to one file, scanned for secrets and PHI
    // at the end (test/helpers/secret-scan.ts); a finding fails the run.
    globalSetup: ['test/helpers/log-scan-setup.ts'],
    // Playwright's client can throw this from its message loop when the
    // browser process is SIGKILLed while a reply is in flight
    // (test/faults/browser-crash.test.ts does exactly that). It is not ours to
    // catch; a production worker dies of it and BullMQ re-delivers its jobs
    // (docs/GUARANTEES.md). Nothing else is ignored.
    onUnhandledError: (error) => !/^Object with guid \S+ was not bound in the connection$/.test(error.message ?? ''),
  },
});
