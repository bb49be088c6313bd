/**
 * Preloaded (`node --require`) into a child process by the extreme-input
 * tests: at exit it writes the process's peak resident memory and CPU time
 * to the file named by EDGEFLOW_USAGE_FILE, so that a test can report and
 * bound what the real CLI or server used.
 */
import * as fs from 'node:fs';

export interface Usage {
  readonly pid: number;
  /** Peak resident set size, in kilobytes. */
  readonly maxRssKb: number;
  readonly userMs: number;
  readonly systemMs: number;
}

const target = process.env.EDGEFLOW_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const report: Usage = {
      pid: process.pid,
      maxRssKb: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
    };
    fs.writeFileSync(target, JSON.stringify(report));
  });
}
