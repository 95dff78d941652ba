// The Chromium processes this test process launched (Playwright's launch()
// returns a Browser without a pid; only launchServer() exposes one). Found in
// /proc: children of this process started with Playwright's debugging pipe.
import { readdirSync, readFileSync } from 'node:fs';

export function launchedChromiumPids(parent = process.pid): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) comes after the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (/chrom/i.test(cmdline) && cmdline.includes('--remote-debugging-pipe')) pids.push(Number(entry));
    } catch {
      /* the process ended while we looked */
    }
  }
  return pids;
}
