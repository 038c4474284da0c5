import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../common/calendar-days.ts';
import { auditEntry, cliActor } from '../../server/src/http/audit-entry.ts';
import type { Store } from '../../server/src/store/store.ts';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import {
  peakMegabytes,
  type ServerProcess,
  startServerProcess,
} from '../../test/fixtures/server-process.ts';
import { type BenchDatabase, benchDatabases } from './bench-databases.ts';
import { ingestInto, origin } from './ingestion.ts';
import { benchMetricsToken, measure, type RouteCost, topicsCaughtUp } from './measure-route.ts';
import { cpuMicroseconds } from './process-cpu.ts';
import { largestShare, seedDays, seedZipf } from './seed-zipf.ts';

const procedureCount = 1000;
const ownersPerProcedure = 3;
// The answers end on a Sunday night (2026-06-29 is a Monday); the digests are due that Monday
// from 08:00 in Paris, and cover the week before.
const end = new Date('2026-06-29T00:00:00Z');
const lastDay = '2026-06-29';
const digestMonday = '2026-06-29T08:05:00+02:00';
/** The stats and topics period, the 12 whole months scale.ts reads. */
const twelveMonths = 'from=2025-07-01&to=2026-06-30';
/** At 10 M answers, the export reads a period of the largest procedure holding about this many. */
const exportRows = 1_000_000;

type Row = {
  database: string;
  measure: string;
  load: number;
  'p50 (ms)': number | '';
  'p95 (ms)': number | '';
  'CPU/request (µs)': number | '';
  'peak RSS (MB)': number | '';
  figures: string;
};

const say = (line: string) => process.stderr.write(`[national] ${line}\n`);
const thousands = (n: number) => Math.round(n).toLocaleString('en');
const figure = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });
const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
const sizeLabel = (total: number) =>
  total >= 1e6 ? `${total / 1e6} M` : `${Math.round(total / 1e3)} k`;

/**
 * The whole bench on a national database (issue 26, part 5): 1,000 public procedures,
 * Zipf-skewed over two years, 3 owners each, at 100 k, 1 M and 10 M answers (--quick: 100 k;
 * BENCH_SIZES=1e5,1e6 picks sizes, BENCH_DATABASES=sqlite or postgresql a database), on SQLite
 * and PostgreSQL (a local durable cluster, when this machine has one). For each: seeding, then
 * through the built server the stats, the topics, the public results, the open data, the CSV
 * export, a digest Monday (`notify run` as cron runs it) and ingestion into the populated
 * database. Prints a table per size as it is done; returns them all as markdown, with how each
 * cost grew from the smallest size to the largest.
 */
export default async function benchNational(quick: boolean) {
  const sizes = process.env.BENCH_SIZES?.split(',').map(Number) ?? [
    100_000,
    ...(quick ? [] : [1_000_000, 10_000_000]),
  ];
  if (!sizes.every((size) => Number.isInteger(size) && size > 0))
    throw new Error(`BENCH_SIZES: whole numbers of answers, e.g. 1e5,1e6 (${sizes})`);
  const { databases, close } = await benchDatabases(
    'national',
    process.env.BENCH_DATABASES?.toLowerCase().split(','),
  );
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-national-'));
  const tables = new Map<number, Row[]>();
  try {
    for (const total of sizes) {
      const rows: Row[] = [];
      for (const database of databases) rows.push(...(await benchAt(database, total, quick, dir)));
      console.table(rows);
      tables.set(total, rows);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    close();
  }
  return markdown(tables);
}

/** Every measure on a new database of `total` answers. */
async function benchAt(
  database: BenchDatabase,
  total: number,
  quick: boolean,
  dir: string,
): Promise<Row[]> {
  const label = `${database.name} ${sizeLabel(total)}`;
  const rows: Row[] = [];
  const add = (what: string, cost: Partial<RouteCost> & { load: number }, figures = '') =>
    rows.push({
      database: database.name,
      measure: what,
      load: cost.load,
      'p50 (ms)': cost.p50 ?? '',
      'p95 (ms)': cost.p95 ?? '',
      'CPU/request (µs)': cost.cpu ?? '',
      'peak RSS (MB)': cost.rss ?? '',
      figures,
    });

  // 1. Seeding.
  const { store, env, size } = await database.open();
  const load = currentLoad();
  let started = performance.now();
  const keys = await publicProcedures(store);
  const secret = await adminApiKey(store);
  await owners(store, keys);
  const setupSeconds = seconds(performance.now() - started);
  say(`${label}: ${procedureCount} procedures and their owners in ${setupSeconds} s; seeding…`);
  started = performance.now();
  let told = 0;
  const seeded = await seedZipf(store, keys, total, end, ({ done, total: days, items }) => {
    if (done < ((told + 1) * days) / 10) return;
    told++;
    const rate = (items?.count ?? 0) / ((performance.now() - started) / 1000);
    say(`${label}: seeding ${told * 10} % (${thousands(items?.count ?? 0)}, ${thousands(rate)}/s)`);
  });
  const seedMs = performance.now() - started;
  await store.close();
  add(
    'seeding',
    { load },
    `${thousands(seeded)} answers${Math.abs(seeded - total) > total / 100 ? ` (${thousands(total)} asked)` : ''} at ${thousands(seeded / (seedMs / 1000))}/s, ` +
      `${thousands((await size()) / 1e6)} MB; procedures and ${thousands(procedureCount * ownersPerProcedure)} owners ${setupSeconds} s`,
  );

  // 2. Reads through the server.
  const key = keys[0] as string;
  const auth = { authorization: `Bearer ${secret}` };
  // The seeded answers end in June 2026: with today's clock, the default retention (24 months)
  // would purge their oldest comments at start, and the measures would run beside that purge.
  const serverEnv = { ...env, RETENTION_MONTHS: '120', METRICS_TOKEN: benchMetricsToken };
  const server = await startServerProcess(serverEnv);
  const serverStarted = performance.now();
  try {
    // The seeded comments are counted first: every measure after runs on a server at rest, as
    // one long up is, not beside the catch-up of the whole database's terms.
    const topicsPath = `/api/v1/procedures/${key}/topics?${twelveMonths}`;
    say(`${label}: topics, waiting for their counts to catch up`);
    const catchUp = await topicsCaughtUp(
      server,
      topicsPath,
      auth,
      serverStarted,
      quick ? 120 : 1800,
    );
    const statsPath = `/api/v1/procedures/${key}/stats?${twelveMonths}`;
    const stats = (await (await fetch(`${server.url}${statsPath}`, { headers: auth })).json()) as {
      indicators: { answers: number };
    };
    say(`${label}: stats`);
    add(
      'stats, largest procedure, 12 months (×300)',
      await measure(server, statsPath, 300, auth),
      `${thousands(stats.indicators.answers)} answers in the period, after 30 requests`,
    );
    // The same once the server has warmed up: its first few hundred requests cost up to twice
    // the CPU of later ones (BENCHMARKS.md, «Session of 2026-12-07: PostgreSQL's stats»).
    add(
      'stats, the same, server warm (×300)',
      await measure(server, statsPath, 300, auth, 700),
      'after 1,030 requests',
    );

    add('topics, same period (×50)', await measure(server, topicsPath, 50, auth), catchUp);

    say(`${label}: public results`);
    const br = { 'accept-encoding': 'br' };
    add('`/resultats` (×200)', await measure(server, '/resultats', 200, br));
    add('`/resultats/{key}`, largest (×200)', await measure(server, `/resultats/${key}`, 200, br));
    add('`/resultats/donnees.csv` (×50)', await measure(server, '/resultats/donnees.csv', 50, br));

    // All the rows of the largest procedure, or a period holding about a million of them.
    const largest = total * largestShare(procedureCount);
    const days = Math.min(seedDays, Math.round((seedDays * exportRows) / largest));
    const from = addDays(lastDay, -days);
    say(`${label}: CSV export from ${from}`);
    const csv = await exportCsv(
      server,
      `/api/v1/procedures/${key}/export.csv?from=${from}&to=${lastDay}`,
      auth,
    );
    add(`\`export.csv\`, largest, ${days} days`, csv.cost, csv.figures);
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }

  say(`${label}: digest Monday`);
  const digest = await digestRun(serverEnv, dir);
  add('digest Monday (`notify run`)', digest.cost, digest.figures);

  // 3. Ingestion into the populated database.
  say(`${label}: ingestion`);
  const ingestionLoad = currentLoad();
  const ingestion = await ingestInto(serverEnv, key, quick ? 3 : 10);
  add(
    'ingestion, 50 connections',
    {
      load: ingestionLoad,
      p50: ingestion['p50 (ms)'],
      cpu: ingestion['CPU/answer (µs)'],
      rss: ingestion['peak RSS (MB)'],
    },
    `${thousands(ingestion['answers/s'])} answers/s, p99 ${ingestion['p99 (ms)']} ms` +
      (ingestion['non-2xx'] || ingestion.errors
        ? `, ${ingestion['non-2xx']} non-2xx, ${ingestion.errors} errors`
        : ''),
  );
  return rows;
}

const currentLoad = () => Number(loadavg()[0]?.toFixed(2));

/** 1,000 public procedures that take answers from `origin`; their keys, largest first. */
async function publicProcedures(store: Store): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 1; n <= procedureCount; n++) {
    const { key } = await store.createProcedure({
      name: `Démarche ${n}`,
      allowedOrigins: [origin],
    });
    keys.push(key);
  }
  // Each change is a transaction of its own: on PostgreSQL, 50 at a time share the disk's flushes.
  for (let i = 0; i < keys.length; i += 50)
    await Promise.all(
      keys.slice(i, i + 50).map((key) => store.updateProcedure(key, { public: true })),
    );
  return keys;
}

/**
 * Three owners a procedure, each with the weekly digest (the default preference): the people a
 * digest Monday writes to, with the admin of the API key, whose digest holds every procedure.
 */
async function owners(store: Store, keys: string[]) {
  const accounts = keys.flatMap((key, p) =>
    Array.from({ length: ownersPerProcedure }, (_, o) => ({
      key,
      email: `owner${o}.p${p}@example.gouv.fr`,
    })),
  );
  for (let i = 0; i < accounts.length; i += 50)
    await Promise.all(
      accounts
        .slice(i, i + 50)
        .map(({ key, email }) =>
          store.createUserWithRoles(
            { email, passwordHash: 'x', isAdmin: false },
            { [key]: 'owner' },
            (user) => auditEntry(cliActor, 'user.create', user.email, { id: user.id }),
          ),
        ),
    );
}

/** One CSV export, read to its end: time, rows per second, the server's CPU and peak RSS. */
async function exportCsv(server: ServerProcess, path: string, headers: Record<string, string>) {
  const pid = server.child.pid as number;
  const load = currentLoad();
  const cpuBefore = cpuMicroseconds(pid);
  const started = performance.now();
  const response = await fetch(`${server.url}${path}`, { headers });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  const ms = performance.now() - started;
  const cpu = cpuMicroseconds(pid) - cpuBefore;
  const rows = lines - 1; // the header
  return {
    cost: { load, cpu, rss: Math.round(peakMegabytes(pid)) },
    figures: `${thousands(rows)} rows in ${seconds(ms)} s, ${thousands(rows / (ms / 1000))} rows/s, ${thousands(bytes / 1e6)} MB, ${Number((cpu / rows).toFixed(1))} µs CPU a row`,
  };
}

/**
 * `node dist/cli.js notify run --now <a Monday 08:05>`, as cron runs it: the digests and alerts
 * written to the outbox, then sent (to the log: no SMTP_URL). Its own peak RSS and CPU come from
 * a preloaded hook that reports `process.resourceUsage()` as it exits.
 */
async function digestRun(env: Record<string, string>, dir: string) {
  const hook = join(dir, 'resource-usage.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => { const u = process.resourceUsage(); " +
      "process.stderr.write('\\nresource-usage ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n",
  );
  const load = currentLoad();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', hook, 'dist/cli.js', 'notify', 'run', '--now', digestMonday],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  // Every mail goes to the log: keep the end, where the usage is.
  child.stderr.on('data', (chunk) => {
    err = (err + chunk).slice(-65_536);
  });
  const [code] = await once(child, 'close');
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`notify run exited with ${code}:\n${err}`);
  const report = JSON.parse(out) as {
    digests: number;
    mails: number;
    alerts: unknown[];
    sent: { sent: number };
  };
  const [, maxRss, cpu] = /resource-usage (\d+) (\d+)/.exec(err) ?? [];
  return {
    cost: { load, cpu: Number(cpu), rss: Math.round(Number(maxRss) / 1024) },
    figures: `${seconds(ms)} s, ${thousands(report.mails)} mails written (${thousands(report.digests)} digests, ${report.alerts.length} alerts), ${thousands(report.sent.sent)} sent to the log`,
  };
}

/** The tables for BENCHMARKS.md: one per size, then each cost's growth with the size. */
function markdown(tables: Map<number, Row[]>): string {
  const columns = [
    'database',
    'measure',
    'load',
    'p50 (ms)',
    'p95 (ms)',
    'CPU/request (µs)',
    'peak RSS (MB)',
    'figures',
  ] as const;
  const line = (cells: unknown[]) => `| ${cells.join(' | ')} |`;
  const header = [line([...columns]), line(columns.map(() => '---'))];
  const parts = [...tables].map(([total, rows]) =>
    [
      `### ${sizeLabel(total)} answers`,
      '',
      ...header,
      ...rows.map((row) =>
        line(columns.map((c) => (typeof row[c] === 'number' ? figure(row[c]) : row[c]))),
      ),
    ].join('\n'),
  );
  const sizes = [...tables.keys()];
  if (sizes.length > 1) {
    const first = tables.get(sizes[0] as number) as Row[];
    const growth = first.map((row, i) => {
      const cpu = sizes.map((size) => (tables.get(size) as Row[])[i]?.['CPU/request (µs)']);
      const [low, high] = [cpu[0], cpu[cpu.length - 1]];
      const ratio = typeof low === 'number' && typeof high === 'number' && low > 0;
      return line([
        row.database,
        row.measure,
        ...cpu.map((value) => (typeof value === 'number' ? thousands(value) : '')),
        ratio ? `×${(high / low).toFixed(2)}` : '',
      ]);
    });
    parts.push(
      [
        `### CPU per request from ${sizeLabel(sizes[0] as number)} to ${sizeLabel(sizes[sizes.length - 1] as number)} answers`,
        '',
        line(['database', 'measure', ...sizes.map(sizeLabel), 'growth']),
        line(['---', '---', ...sizes.map(() => '---'), '---']),
        ...growth,
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}
