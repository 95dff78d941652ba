import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../orchestrator/platform/config.ts';
import { AttemptFailed, retryDelayMs } from '../../../orchestrator/platform/worker/retry-policy.ts';
import { captureLogs } from '../../helpers/logs.ts';

describe('config from the environment', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.workerConcurrency).toBe(2);
    expect(c.tracing).toBe('on-retry');
    expect(c.jobLockMs).toBe(30_000);
    expect(c.evidenceDir).toMatch(/\.portalbots\/evidence$/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(
      /^Invalid environment variable REDIS_URL: must be a URL/,
    );
    expect(() => loadConfig({ PORTALBOTS_WORKER_CONCURRENCY: 'many' })).toThrow(/PORTALBOTS_WORKER_CONCURRENCY/);
    expect(() => loadConfig({ PORTALBOTS_PORTAL_AVAILITY_URL: 'ftp://x' })).toThrow(/PORTALBOTS_PORTAL_AVAILITY_URL/);
    expect(() => loadConfig({ PORTALBOTS_TRACING: 'always' })).toThrow(
      /^Invalid environment variable PORTALBOTS_TRACING/,
    );
    expect(loadConfig({ PORTALBOTS_TRACING: 'chunks' }).tracing).toBe('chunks');
    expect(() => loadConfig({ PORTALBOTS_JOB_LOCK: '1s' })).toThrow(/PORTALBOTS_JOB_LOCK: must be between 5s and 10m/);
    expect(loadConfig({ PORTALBOTS_JOB_LOCK: '10s' }).jobLockMs).toBe(10_000);
  });

  it('reads per-portal URLs', () => {
    expect(loadConfig({ PORTALBOTS_PORTAL_AVAILITY_URL: 'http://127.0.0.1:9/' }).portalUrls).toEqual({
      availity: 'http://127.0.0.1:9',
    });
  });
});

describe('log redaction', () => {
  it('removes secrets and PHI at any depth, keeps the rest', () => {
    const logs = captureLogs();
    logs.logger.info(
      {
        credential: { username: 'jdoe.billing', password: 'Hunter2!x', totpSecret: 'JBSWY3DPEHPK3PXP' },
        claim: {
          memberId: 'W123456789',
          patientName: 'Maria Lopez',
          dateOfBirth: '1970-01-01',
          claimNumber: 'AET1234567',
        },
        list: [{ otp: '908172' }],
        headers: { authorization: 'Bearer abc', cookie: 'sid=1' },
      },
      'hello',
    );
    const text = logs.text();
    for (const secret of [
      'jdoe.billing',
      'Hunter2!x',
      'JBSWY3DPEHPK3PXP',
      'W123456789',
      'Maria Lopez',
      '1970-01-01',
      '908172',
      'Bearer abc',
      'sid=1',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('AET1234567');
    expect(text).toContain('[REDACTED]');
  });

  it('redacts inside logged errors', () => {
    const logs = captureLogs();
    const err = Object.assign(new Error('boom'), { password: 'p4ss' });
    logs.logger.error({ err }, 'failed');
    expect(logs.text()).toContain('boom');
    expect(logs.text()).not.toContain('p4ss');
  });
});

describe('retry policy by error class', () => {
  it('never retries authentication problems and backs off for outages', () => {
    expect(retryDelayMs(1, new AttemptFailed('authentication_failed', 'x'))).toBe(-1);
    expect(retryDelayMs(1, new AttemptFailed('layout_changed', 'x'))).toBe(-1);
    const first = retryDelayMs(1, new AttemptFailed('portal_unavailable', 'x'));
    const third = retryDelayMs(3, new AttemptFailed('portal_unavailable', 'x'));
    expect(first).toBeGreaterThanOrEqual(5_000);
    expect(third).toBeGreaterThanOrEqual(20_000);
    expect(retryDelayMs(1, new AttemptFailed('browser_crashed', 'x'))).toBeLessThan(1_000);
  });
});
