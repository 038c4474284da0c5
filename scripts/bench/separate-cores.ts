import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Sets the cores every thread of `pid` may run on (util-linux's taskset); false when it cannot. */
function pin(pid: number, cores: string): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cores, String(pid)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` with this process (the load's client) on the first core and the server `pid` on the
 * second. Left to the scheduler, the two swapped cores and shared them with the server's own
 * threads, and the same code's CPU per answer wandered by ±10 % from run to run; pinned, by
 * ±2 % (BENCHMARKS.md, ingestion). Unpinned where taskset or a second core is missing.
 */
export async function onSeparateCores<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; pinned: boolean }> {
  const cores = availableParallelism();
  const pinned = cores >= 2 && pin(process.pid, '0') && pin(pid, '1');
  try {
    return { result: await work(), pinned };
  } finally {
    if (pinned) pin(process.pid, `0-${cores - 1}`);
  }
}
