import { readFileSync } from 'node:fs';

/**
 * CPU time (user and system) process `pid` has used so far, in µs (Linux: /proc, 100 ticks a
 * second). Read around a run, it gives a server's cost per request, which does not wander with
 * how busy the rest of the machine is, as times do.
 */
export function cpuMicroseconds(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] as string).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
