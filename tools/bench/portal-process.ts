// The bench's mock portal runs in a process of its own, as a payer portal is a
// server somewhere else. In the bench's own process it would share one event
// loop with the platform's workers: every database round trip of theirs would
// delay the portal's answers to the browser, a cost only the platform side
// pays (the bare loop does no Node work) and no deployment has. The process
// still shares this machine's two cores, as the browser does.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { groundTruth } from '../../mock-portals/truth.ts';
import { projectPath } from '../../orchestrator/platform/project-root.ts';
import { uniquelySearchable } from '../../mock-portals/shared/contract-targets.ts';

/** Columns of BenchPortal.worklistRows. */
export const WORKLIST_HEADER =
  'patient_control_number,member_id,date_of_birth,service_date,billed_amount,payer,provider_npi';

// From the project root, not import.meta.url: the compiled CLI runs from dist/<build>/.
const CHILD = projectPath('tools/bench/portal-child.ts');

export interface BenchPortal {
  url: string;
  /** The portal's process, which memory figures leave out. */
  pid: number;
  /** Claim numbers the portal knows (from the seed's ground truth). */
  claims: string[];
  /**
   * The same claims as worklist rows without a claim number (CSV lines in
   * WORKLIST_HEADER's columns), for claims a member search finds alone.
   */
  worklistRows: string[];
  /** Completed sign-ins on the portal itself, read from its admin endpoint. */
  logins(): Promise<number>;
  /** Requests the portal has answered (every page, sign-in steps included), from its admin endpoint. */
  requests(): Promise<number>;
  /** The latencyMs fault: each request answered after a delay drawn from `min-max` ms (0: off). */
  setLatency(range: string | 0): Promise<void>;
  close(): Promise<void>;
}

const Ready = z.object({ url: z.url() });
/** `loginCount` is the portal-wide total (`logins` counts per username). */
const Stats = z.object({ loginCount: z.number().int().nonnegative(), requests: z.number().int().nonnegative() });

export async function startPortalProcess(seed: number, timeoutMs = 60_000): Promise<BenchPortal> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(seed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    const line = await Promise.race([
      once(createInterface({ input: child.stdout! }), 'line').then(([l]) => String(l)),
      exited.then(([code]) =>
        Promise.reject(new Error(`bench portal exited with code ${String(code)} before listening`)),
      ),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`bench portal did not start within ${timeoutMs / 1000} s`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
    const { url } = Ready.parse(JSON.parse(line));
    return {
      url,
      pid: child.pid!,
      claims: groundTruth(seed).portals.availity.claims.map((c) => c.claimNumber),
      worklistRows: uniquelySearchable(groundTruth(seed).portals.availity.claims).map((c) =>
        [
          c.patientControlNumber,
          c.memberId,
          c.patient.dateOfBirth,
          c.serviceDate,
          c.expected.billedAmount.toFixed(2),
          c.payerId,
          c.providerNpi,
        ].join(','),
      ),
      async logins() {
        const res = await fetch(`${url}/__admin/stats`);
        return Stats.parse(await res.json()).loginCount;
      },
      async requests() {
        const res = await fetch(`${url}/__admin/stats`);
        return Stats.parse(await res.json()).requests;
      },
      async setLatency(range) {
        const res = await fetch(`${url}/__admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ latencyMs: range }),
        });
        if (!res.ok) throw new Error(`bench portal refused latencyMs=${range}: HTTP ${res.status}`);
      },
      async close() {
        if (child.exitCode !== null) return;
        child.stdin!.end();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}
