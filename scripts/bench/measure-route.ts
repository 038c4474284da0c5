import { Agent, get } from 'node:http';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { peakMegabytes, type ServerProcess } from '../../test/fixtures/server-process.ts';
import { percentile } from './percentile.ts';
import { cpuMicroseconds } from './process-cpu.ts';

export type RouteCost = {
  /** The machine's load average over the last minute, as the measure started. */
  load: number;
  /** Latencies in ms. */
  p50: number;
  p95: number;
  /** The server's CPU per request, in µs. */
  cpu: number;
  /** The server's peak resident memory so far, in MB. */
  rss: number;
};

/**
 * `n` GETs of `path`, one after the other, through the server, after `warmUp` to warm it up;
 * its CPU per request is read from /proc around the `n`: a cost that does not wander with how
 * busy the rest of the machine is, as times do. `path` may be a function of the request's
 * number (warm-up first, from 0): a different path each time, so that nothing is kept.
 * The client is node:http on one kept-alive connection, reading the body as the bytes sent (a
 * compressed body is not decompressed, as `fetch` did). `fetch` (undici and its web streams)
 * cost the same 2 cores 0.5 ms a request at p50 and 1.5–2 ms at p95, which the figures then
 * charged to the server (BENCHMARKS.md, «Session of 2026-12-07: PostgreSQL's stats»).
 */
export async function measure(
  server: ServerProcess,
  path: string | ((request: number) => string),
  n: number,
  headers: Record<string, string> = {},
  warmUp = 30,
): Promise<RouteCost> {
  const pid = server.child.pid as number;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let asked = 0;
  const ask = async () => {
    const url = typeof path === 'string' ? path : path(asked);
    asked++;
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(`${server.url}${url}`, { agent, headers }, (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode));
        response.on('error', reject);
      }).on('error', reject),
    );
    if (!status || status < 200 || status > 299) throw new Error(`${url}: HTTP ${status}`);
  };
  for (let i = 0; i < warmUp; i++) await ask();
  const load = Number(loadavg()[0]?.toFixed(2));
  const cpuBefore = cpuMicroseconds(pid);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await ask();
    times.push(performance.now() - start);
  }
  const cpu = Math.round((cpuMicroseconds(pid) - cpuBefore) / n);
  agent.destroy();
  times.sort((a, b) => a - b);
  return {
    load,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpu,
    rss: Math.round(peakMegabytes(pid)),
  };
}

const thousands = (n: number) => Math.round(n).toLocaleString('en');
const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

/** The METRICS_TOKEN a bench gives its server, to read its queue of terms to count. */
export const benchMetricsToken = 'bench-metrics-token-of-at-least-32-characters';

/**
 * Waits until the server's counting job has folded every seeded comment (its gauge
 * `avis_term_changes_waiting` at 0, read from /metrics with benchMetricsToken), for at most
 * `limitSeconds` after the server `started`, so that every measure after runs on a server at
 * rest; says how long that took and how many comments `path` (a topics route) counts. Waiting on
 * that route's `pending` alone was not enough: it counts its own procedure's comments first, and
 * the rest of the database went on being counted beside the measures. The route is asked first:
 * a procedure's first topics request gives it its starter themes, which queues every comment of
 * it once more for them. Asked only after the queue was empty, it had the largest procedure's
 * comments (10,260 at 1 M) counted beside the stats measured next (BENCHMARKS.md, 2026-12-08).
 */
export async function topicsCaughtUp(
  server: ServerProcess,
  path: string,
  headers: Record<string, string>,
  started: number,
  limitSeconds: number,
): Promise<string> {
  const comments = async () => {
    const response = await fetch(`${server.url}${path}`, { headers });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return thousands(((await response.json()) as { comments: number }).comments);
  };
  await comments();
  for (;;) {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${benchMetricsToken}` },
    });
    if (!response.ok) throw new Error(`/metrics: HTTP ${response.status}`);
    const gauge = /^avis_term_changes_waiting (\d+)/m.exec(await response.text());
    if (!gauge) throw new Error('/metrics: no avis_term_changes_waiting gauge');
    const waiting = Number(gauge[1]);
    const waited = seconds(performance.now() - started);
    if (waiting === 0)
      return `${await comments()} comments counted, caught up ${waited} s after the server started`;
    if (waited > limitSeconds)
      return `${await comments()} comments counted; ${thousands(waiting)} changes still waiting after ${waited} s`;
    await sleep(1000);
  }
}
