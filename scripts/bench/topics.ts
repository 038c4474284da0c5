import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../common/uuid.ts';
import { procedureTopics } from '../../server/src/features/topics/procedure-topics.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import { peakMegabytes, startServerProcess } from '../../test/fixtures/server-process.ts';
import { percentile } from './percentile.ts';

const end = Date.parse('2026-07-01T00:00:00Z');
const day = 86_400_000;
const period = { from: '2025-07-01', to: '2026-06-30' };

/**
 * «Ce que disent les usagers» for the largest procedure over 12 months: about 150,000 comments a
 * year (--quick: 15,000), and as many the year before (the previous period), written the way
 * people write (sentences of a few dozen patterns, with varied words, typos without accents and
 * rare words). Reports the route's p50/p95 through the real server and its peak memory, the cost
 * of reading more or fewer comments per period in process, and how far the top terms of the
 * sample read are from those of a full reading.
 */
export default async function benchTopics(quick: boolean) {
  const commentsPerYear = quick ? 15_000 : 150_000;
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-topics-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Impôts', allowedOrigins: [] });
    const secret = await adminApiKey(store);
    // 35 % of answers carry a comment (the seeding's rate): two years of answers.
    const answers = Math.round((2 * commentsPerYear) / 0.35);
    const random = mulberry32(7);
    let batch: IncomingSubmission[] = [];
    for (let i = 0; i < answers; i++) {
      const receivedAt = end - 730 * day + Math.floor((i / answers) * 730 * day);
      const satisfaction = random() < 0.5 ? 'good' : random() < 0.5 ? 'medium' : 'bad';
      const comment = random() < 0.35 ? madeUpComment(random, receivedAt) : undefined;
      batch.push({
        id: uuidv7(receivedAt),
        procedureKey: key,
        answer: { satisfaction, ...(comment && { comment }) },
        receivedAt: new Date(receivedAt),
        day: new Date(receivedAt).toISOString().slice(0, 10),
      });
      if (batch.length === 5000) {
        await store.saveSubmissions(batch);
        batch = [];
      }
    }
    await store.saveSubmissions(batch);

    // In process: the cost of a reading, by comments read per period, and the top terms' drift.
    const full = await procedureTopics(store, 100, { procedureKey: key, ...period, limit: 1e9 });
    const sweep = [];
    for (const limit of [2_000, 5_000, 10_000, 20_000, 1e9]) {
      const started = performance.now();
      const sample = await procedureTopics(store, 100, { procedureKey: key, ...period, limit });
      const ms = performance.now() - started;
      const fullTop = full.terms.slice(0, 20).map((t) => t.key);
      const sampleTop = new Set(sample.terms.slice(0, 20).map((t) => t.key));
      const shareDrift = Math.max(
        ...full.terms.slice(0, 20).map((t) => {
          const s = sample.terms.find((x) => x.key === t.key);
          return s ? Math.abs(s.share - t.share) : t.share;
        }),
      );
      sweep.push({
        'comments read per period': limit === 1e9 ? `all (${full.comments.read})` : limit,
        'in process (ms)': Math.round(ms),
        'top 20 in common with a full reading': fullTop.filter((k) => sampleTop.has(k)).length,
        'largest share difference (points)': Math.round(shareDrift * 10) / 10,
        'rising terms': sample.rising.length,
      });
    }
    await store.close();

    const { child, url } = await startServerProcess({ DATABASE_PATH: databasePath });
    try {
      const ask = () =>
        fetch(`${url}/api/v1/procedures/${key}/topics?from=${period.from}&to=${period.to}`, {
          headers: { authorization: `Bearer ${secret}` },
        });
      const body = (await (await ask()).json()) as { comments: { read: number } };
      const times: number[] = [];
      for (let i = 0; i < (quick ? 20 : 50); i++) {
        const started = performance.now();
        await (await ask()).arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.table(sweep);
      return [
        {
          'comments in 12 months': full.comments.read,
          'answers in the database': answers,
          'database size (MB)': Math.round(statSync(databasePath).size / 1e6),
          'comments read per period': body.comments.read,
          'topics p50 (ms)': percentile(times, 50),
          'topics p95 (ms)': percentile(times, 95),
          'server peak memory (MB)': Math.round(peakMegabytes(child.pid)),
        },
      ];
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const openings = [
  'Impossible de me connecter avec FranceConnect',
  'Le paiement par carte bancaire a été refusé',
  'Je n’ai pas trouvé où joindre le justificatif de domicile',
  'Le délai de traitement n’est indiqué nulle part',
  'Démarche rapide, rien à redire',
  'Très clair, merci',
  'Le site a planté deux fois avant la validation',
  'Impossible de joindre quelqu’un par téléphone',
  'Les pièces justificatives demandées ne sont pas claires',
  'J’attends une réponse depuis trois semaines',
  'Le formulaire est trop long',
  'Mon mot de passe ne fonctionne plus',
  'La page reste blanche après l’envoi',
  'Bien expliqué, démarche simple',
  'Je ne comprends pas le vocabulaire administratif',
  'Il faudrait pouvoir enregistrer et reprendre plus tard',
  'Le téléchargement du document échoue',
  'On ne sait pas combien d’étapes il reste',
  'Merci pour la rapidité',
  'Le code reçu par SMS n’arrive jamais',
];
const details = [
  'depuis mon téléphone',
  'sur ordinateur',
  'avec mon fils',
  'pour la troisième fois',
  'alors que tout était rempli',
  'sans message d’erreur',
  'et personne ne répond',
  'c’est décourageant',
  'mais au final ça a marché',
  'vraiment pénible',
];
const unaccented = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** A comment as people write them: one or two sentences, sometimes without accents. */
function madeUpComment(random: () => number, time: number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  // A rising subject in the last quarter: the code by SMS, as a new release would break it.
  const late = time > end - 90 * day && random() < 0.1;
  let text = late ? 'Le code reçu par SMS n’arrive jamais' : pick(openings);
  if (random() < 0.6) text += ` ${pick(details)}`;
  if (random() < 0.3) text += `. ${pick(openings)}`;
  // Rare words: names of towns, forms, typos, as every real set of comments has.
  if (random() < 0.4) text += ` (dossier ${Math.floor(random() * 100_000).toString(36)}x)`;
  return random() < 0.2 ? unaccented(text.toLowerCase()) : `${text}.`;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
