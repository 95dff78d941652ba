// What a worker needs of a portal's runner: the bot runtime's BotRunner, the
// fleet's PortalFleet (accounts leased per job) or a test's stand-in.
import type { BotTaskResult, EvidenceSink, TaskName } from '../../../bots/index.ts';

export interface BotRunnerLike {
  run(
    task: TaskName,
    input: unknown,
    meta: { jobId: string; runId: string; evidence: EvidenceSink; attempt?: number },
  ): Promise<BotTaskResult>;
  stats(): { logins: number; sessions: number };
  close(): Promise<void>;
}
