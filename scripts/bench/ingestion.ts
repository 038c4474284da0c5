import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { uuidv7 } from '../../common/uuid.ts';
import { peakMegabytes, startServerProcess } from '../../test/fixtures/server-process.ts';
import { benchDatabases } from './bench-databases.ts';
import { cpuMicroseconds } from './process-cpu.ts';

const satisfactions = ['good', 'medium', 'bad'];
/** Step 3a's answers, from nobody asked to several administration channels. */
const helpMixes = [
  ['phone'],
  ['counter', 'phone'],
  ['websites'],
  ['none'],
  ['relative'],
  ['email', 'chat'],
];
const administration = new Set(['counter', 'phone', 'email', 'chat']);
/** What scrubbing is for: a name, a phone number and an e-mail address to take out. */
const personalComment =
  'Je suis Jeanne Martin, joignable au 06 12 34 56 78 ou à jeanne.martin@example.fr : le dossier a mis trois semaines, et personne ne répondait au téléphone.';

/**
 * The questionnaire as people fill it in: every question answered, channels and their steps 3b
 * and 3c included; a comment with personal data in one answer of five; and one request of ten an
 * update of an answer sent a moment before (the second step of the widget, under the same id).
 */
function realisticAnswer(n: number, earlierIds: string[]) {
  const help = helpMixes[n % helpMixes.length] as string[];
  const asked = help.filter((channel) => administration.has(channel));
  const reached = Object.fromEntries(asked.map((channel, i) => [channel, (n + i) % 3 !== 0]));
  const update = n % 10 === 9 && earlierIds.length > 0;
  const id = update ? (earlierIds[n % earlierIds.length] as string) : uuidv7();
  // The last thousand new answers, which the updates pick from.
  if (!update) earlierIds[earlierIds.length < 1000 ? earlierIds.length : n % 1000] = id;
  return {
    id,
    satisfaction: satisfactions[n % 3],
    clarity: (n % 5) + 1,
    help,
    reached: asked.length ? reached : undefined,
    helpQuality: asked.length
      ? Object.fromEntries(asked.filter((c) => reached[c]).map((c) => [c, (n % 5) + 1]))
      : undefined,
    comment: n % 5 === 0 ? personalComment : undefined,
    lang: 'fr',
    source: 'confirmation',
    elapsedMs: 8000,
  };
}

/** The procedure's page the answers are posted from: the procedure must allow it. */
export const origin = 'https://passeport.example.gouv.fr';

/**
 * Load like real traffic: realistic answers, every client distinct (behind a trusted proxy), each
 * post from the procedure's page as a browser sends it (Origin, then CORS headers back). The
 * server's CPU per answer is read from /proc around the run: a cost that does not depend on how
 * busy the rest of the machine is.
 */
async function load(url: string, key: string, seconds: number, pid: number) {
  let client = 0;
  const earlierIds: string[] = [];
  const cpuBefore = cpuMicroseconds(pid);
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/procedures/${key}/feedback`,
        setupRequest: (request) => {
          client++;
          request.headers = {
            'content-type': 'text/plain;charset=UTF-8',
            origin,
            // 10.x.y.z: 16 million clients, so the per-client limit is exercised, not hit.
            'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`,
          };
          request.body = JSON.stringify(realisticAnswer(client, earlierIds));
          return request;
        },
      },
    ],
  });
  const cpu = cpuMicroseconds(pid) - cpuBefore;
  return {
    'answers/s': Math.round(result.requests.average),
    'p50 (ms)': result.latency.p50,
    'p99 (ms)': result.latency.p99,
    'CPU/answer (µs)': Math.round(cpu / result.requests.total),
    'non-2xx': result.non2xx,
    errors: result.errors,
  };
}

/**
 * The real server on an existing database (`env`, e.g. DATABASE_PATH), behind a trusted proxy,
 * loaded like real traffic on procedure `key`, which must allow `origin`: its throughput, latency,
 * CPU per answer and peak resident memory.
 */
export async function ingestInto(env: Record<string, string>, key: string, seconds: number) {
  // BENCH_PROFILE=dir writes a CPU profile of the server (node --cpu-prof) to look at.
  const profile = process.env.BENCH_PROFILE;
  const { child, url } = await startServerProcess(
    { ...env, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'info' },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  try {
    return {
      ...(await load(url, key, seconds, child.pid as number)),
      'peak RSS (MB)': Math.round(peakMegabytes(child.pid)),
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/**
 * Answers per second through the real server (file database, synchronous=FULL, group commit,
 * validation, scrubbing, rate limiting, rollups) against bare Fastify answering {ok:true}, in the
 * same run, at 50 connections; then the same server on PostgreSQL (a local cluster with its
 * durable defaults: fsync, synchronous_commit on) when this machine has one.
 */
export default async function benchIngestion(quick: boolean) {
  const seconds = quick ? 3 : 10;
  const bare = spawn(process.execPath, ['scripts/bench/bare-fastify.mjs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bareUrl = await new Promise<string>((resolve) => {
    bare.stdout.on('data', (chunk) => {
      const match = /listening at (\S+)/.exec(String(chunk));
      if (match) resolve(match[1] as string);
    });
  });
  const baseline = await load(bareUrl, 'k7d2x9qpzm', seconds, bare.pid as number);
  bare.kill();
  await once(bare, 'exit');
  const ratio = (result: { 'answers/s': number }) =>
    Number((result['answers/s'] / baseline['answers/s']).toFixed(2));
  const rows: Record<string, unknown>[] = [{ server: 'bare Fastify, {ok:true}', ...baseline }];

  const { databases, close } = await benchDatabases('ingestion');
  try {
    for (const database of databases) {
      const { store, env } = await database.open();
      const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [origin] });
      await store.close();
      const result = await ingestInto(env, key, seconds);
      rows.push({ server: `Je donne mon avis, ${database.name}`, ...result, ratio: ratio(result) });
    }
  } finally {
    close();
  }
  return rows;
}
