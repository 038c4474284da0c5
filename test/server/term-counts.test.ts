import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { foldedThemesMatcher } from '../../server/src/features/topics/comment-themes.ts';
import {
  countQueuedTerms,
  countTermChanges,
} from '../../server/src/features/topics/count-terms.ts';
import { foldComment } from '../../server/src/features/topics/fold-text.ts';
import { starterThemes } from '../../server/src/features/topics/starter-themes.ts';
import type { AuditEntry } from '../../server/src/store/audit.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { IncomingSubmission, Store } from '../../server/src/store/store.ts';
import { rareTermComments, themeCountsLock } from '../../server/src/store/terms.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { uuidv7 } from '../helpers.ts';

/**
 * docs/design.md §12: the counts of terms and themes, kept by triggers, a queue and a counting
 * job, always equal a full recount of the comments once the queue is counted, whatever happened
 * in between: answers with or without a comment, later steps that change it or not, deletions,
 * spam flags, the retention purge, theme edits, and counting interleaved with all of them.
 */
const postgresUrl = inject('postgresUrl');

type Database_ = {
  store: Store;
  /** Another store on the same database: a second node. */
  another: () => Promise<Store>;
  /** Rows of a query on the database itself. */
  query: (sql: string) => Promise<Record<string, unknown>[]>;
  close: () => Promise<void>;
};

const implementations = [
  {
    name: 'SQLite',
    available: true,
    runs: 150,
    async open(): Promise<Database_> {
      const dir = mkdtempSync(join(tmpdir(), 'avis-terms-'));
      const path = join(dir, 'avis.sqlite');
      const store = openSqliteStore({ path });
      const db = new Database(path, { readonly: true });
      return {
        store,
        another: async () => openSqliteStore({ path }),
        query: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
        close: async () => {
          db.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    runs: 50,
    async open(): Promise<Database_> {
      const url = await createDatabase(postgresUrl);
      const store = await openPostgresStore({ url });
      const client = new pg.Client(url);
      await client.connect();
      return {
        store,
        another: () => openPostgresStore({ url }),
        query: async (sql) => (await client.query(sql)).rows,
        close: async () => {
          await client.end();
          await store.close();
        },
      };
    },
  },
];

const words = ['paiement', 'carte', 'délai', 'attente', 'erreur', 'connexion', 'dossier', 'rapide'];
const days = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-03-15'];
const sources = ['', 'accueil', 'fin'];
const satisfactions = ['bad', 'medium', 'good'] as const;

/** A comment of a few words of a small vocabulary (terms recur, some reach the rare threshold). */
const comment = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.array(fc.constantFrom(...words, 'Paiements', 'Délais'), { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      )
      .map(([w, code]) => `${w.join(' ')}${code === undefined ? '' : `, code x${code}z`}`),
  },
);

const answer = fc.record({
  satisfaction: fc.constantFrom(...satisfactions),
  comment: fc.option(comment, { nil: undefined }),
  source: fc.constantFrom(...sources),
  suspect: fc.boolean(),
});

const procedureIndex = fc.constantFrom(0, 1);
const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    procedure: procedureIndex,
    day: fc.constantFrom(...days),
    count: fc.integer({ min: 1, max: 6 }),
    answer,
  }),
  fc.record({ kind: fc.constant('update' as const), which: fc.nat(), answer }),
  fc.record({ kind: fc.constant('delete' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('purge' as const), day: fc.constantFrom(...days) }),
  fc.record({
    kind: fc.constant('theme' as const),
    procedure: procedureIndex,
    action: fc.constantFrom('start', 'create', 'update', 'delete'),
    keywords: fc.array(fc.constantFrom(...words, 'carte bancaire', 'délai attente'), {
      minLength: 1,
      maxLength: 3,
    }),
    which: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('count' as const),
    limit: fc.integer({ min: 1, max: 40 }),
    procedure: fc.option(procedureIndex, { nil: undefined }),
  }),
);

const audit = (target: string): AuditEntry => ({
  at: new Date(),
  actor: 'cli',
  action: 'theme.update',
  target,
  details: {},
});

type Step = typeof op extends fc.Arbitrary<infer T> ? T : never;
type Stored = { id: string; procedureKey: string; receivedAt: Date; day: string };

async function apply(store: Store, keys: readonly string[], stored: Stored[], step: Step) {
  switch (step.kind) {
    case 'insert': {
      const key = keys[step.procedure] as string;
      const batch: IncomingSubmission[] = [];
      for (let i = 0; i < step.count; i++) {
        const receivedAt = new Date(Date.parse(`${step.day}T12:00:00Z`) + stored.length * 1000);
        const s = {
          id: uuidv7(receivedAt.getTime()),
          procedureKey: key,
          receivedAt,
          day: step.day,
        };
        stored.push(s);
        batch.push({ ...s, answer: answerOf(step.answer), suspect: step.answer.suspect });
      }
      await store.saveSubmissions(batch);
      return;
    }
    case 'update': {
      const earlier = stored[step.which % Math.max(stored.length, 1)];
      if (!earlier) return;
      // A later step of the same answer, a minute on: the day it was first received stays.
      await store.saveSubmissions([
        {
          ...earlier,
          receivedAt: new Date(earlier.receivedAt.getTime() + 60_000),
          answer: answerOf(step.answer),
          suspect: step.answer.suspect,
        },
      ]);
      return;
    }
    case 'delete': {
      const index = step.which % Math.max(stored.length, 1);
      const earlier = stored[index];
      if (!earlier) return;
      await store.deleteSubmission(earlier.id, earlier.procedureKey, audit(earlier.id));
      stored.splice(index, 1);
      return;
    }
    case 'purge':
      await store.purgeTextsBefore(new Date(`${step.day}T00:00:00Z`));
      return;
    case 'theme': {
      const key = keys[step.procedure] as string;
      if (step.action === 'start') {
        await store.listThemes(key, starterThemes);
        return;
      }
      if (step.action === 'create') {
        await store.createTheme(key, { name: 'T', keywords: step.keywords }, audit(key));
        return;
      }
      const themes = await store.listThemes(key, starterThemes);
      const theme = themes[step.which % Math.max(themes.length, 1)];
      if (!theme) return;
      if (step.action === 'update') {
        await store.updateTheme(key, theme.id, { keywords: step.keywords }, audit(key));
      } else await store.deleteTheme(key, theme.id, audit(key));
      return;
    }
    case 'count':
      await store.countTermChanges(countTermChanges, {
        limit: step.limit,
        ...(step.procedure !== undefined && { procedureKey: keys[step.procedure] as string }),
      });
  }
}

function answerOf(a: { satisfaction: Answer['satisfaction']; comment?: string; source: string }) {
  const { satisfaction, comment, source } = a;
  return {
    satisfaction,
    ...(comment !== undefined && { comment }),
    ...(source !== '' && { source }),
  } as Answer;
}

async function countEverything(store: Store) {
  while ((await store.countTermChanges(countTermChanges, { limit: 500 })) > 0);
}

/** Rows as `key → counts` text, zeros left out (a row may fall to 0 and stay). */
function asMap(rows: Record<string, unknown>[], keys: string[], counts: string[]) {
  const map = new Map<string, string>();
  for (const r of rows) {
    if (Number(r[counts[0] as string]) === 0) continue;
    map.set(keys.map((k) => String(r[k])).join('|'), counts.map((c) => Number(r[c])).join(','));
  }
  return map;
}

/** The counts a full recount of every comment of these procedures gives. */
async function recount(store: Store, procedures: { id: number; key: string }[]) {
  const days = new Map<string, number[]>();
  const months = new Map<string, number[]>();
  const labels = new Map<string, number[]>();
  const themes = new Map<string, number[]>();
  const totals = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, values: number[]) => {
    const sum = map.get(key) ?? values.map(() => 0);
    values.forEach((v, i) => {
      sum[i] = (sum[i] as number) + v;
    });
    map.set(key, sum);
  };
  for (const { id, key } of procedures) {
    const matches = foldedThemesMatcher(await store.listThemes(key, []));
    const period = { procedureKey: key, fromDay: '2000-01-01', toDay: '2099-12-31' };
    for await (const s of store.exportSubmissions(period)) {
      if (s.answer.comment === undefined || s.suspect) continue;
      const sat = s.answer.satisfaction;
      const counts = [1, Number(sat === 'bad'), Number(sat === 'medium'), Number(sat === 'good')];
      const folded = foldComment(s.answer.comment);
      for (const term of ['', ...folded.keys()]) {
        add(days, [id, s.day, s.source, term].join('|'), counts);
        add(months, [id, s.day.slice(0, 7), s.source, term].join('|'), counts);
        add(totals, [id, term].join('|'), [1]);
      }
      for (const [term, surface] of folded) add(labels, [id, term, surface].join('|'), [1]);
      const matched = matches(folded).map((t) => t.id);
      for (const theme of matched.length === 0 ? [0] : matched)
        add(themes, [id, s.day, s.source, theme].join('|'), counts);
    }
  }
  const text = (map: Map<string, number[]>) => new Map([...map].map(([k, v]) => [k, v.join(',')]));
  return {
    days: text(days),
    months: text(months),
    labels: text(labels),
    themes: text(themes),
    totals: text(totals),
  };
}

/** The name of the database `query` runs on (PostgreSQL). */
async function currentDatabase(query: Database_['query']): Promise<string> {
  const [row] = await query('SELECT current_database() AS name');
  return String(row?.name);
}

/** Every stored count of these procedures equals a full recount, once the queue is counted. */
async function expectCountsAsRecount({ store, query }: Database_, keys: readonly string[]) {
  // The recount reads each procedure's themes: a first reading gives them (none here), which
  // starts their theme counts over; count what that queued too.
  for (const key of keys) await store.listThemes(key, []);
  await countEverything(store);
  expect(await store.pendingTermChanges()).toBe(0);
  const procedures = (
    await query(
      `SELECT CAST(id AS integer) AS id, key FROM procedures
       WHERE key IN ('${keys.join("','")}')`,
    )
  ).map((r) => ({ id: Number(r.id), key: String(r.key) }));
  const ids = procedures.map((p) => p.id).join(',');
  const expected = await recount(store, procedures);
  const counts = ['comments', 'bad', 'medium', 'good'];
  const read = (table: string, columns: string) =>
    query(`SELECT ${columns} FROM ${table} WHERE procedure_id IN (${ids})`);
  const pid = 'CAST(procedure_id AS integer) AS procedure_id';
  const termDays = await read(
    'term_days',
    `${pid}, CAST(day AS text) AS day, source, term, comments, bad, medium, good,
     CASE WHEN rare THEN 1 ELSE 0 END AS rare`,
  );
  expect(asMap(termDays, ['procedure_id', 'day', 'source', 'term'], counts)).toEqual(expected.days);
  const termMonths = await read(
    'term_months',
    `${pid}, month, source, term, comments, bad, medium, good,
     CASE WHEN rare THEN 1 ELSE 0 END AS rare`,
  );
  expect(asMap(termMonths, ['procedure_id', 'month', 'source', 'term'], counts)).toEqual(
    expected.months,
  );
  expect(
    asMap(
      await read('term_labels', `${pid}, term, surface, uses`),
      ['procedure_id', 'term', 'surface'],
      ['uses'],
    ),
  ).toEqual(expected.labels);
  expect(
    asMap(
      await read(
        'theme_days',
        `${pid}, CAST(day AS text) AS day, source, CAST(theme_id AS integer) AS theme_id,
         comments, bad, medium, good`,
      ),
      ['procedure_id', 'day', 'source', 'theme_id'],
      counts,
    ),
  ).toEqual(expected.themes);

  // A term's rows are all rare or all not, as its total says, and a rare term has
  // fewer than rareTermComments comments.
  const totals = await read(
    'term_totals',
    `${pid}, term, comments, CASE WHEN rare THEN 1 ELSE 0 END AS rare`,
  );
  expect(asMap(totals, ['procedure_id', 'term'], ['comments'])).toEqual(expected.totals);
  // Nothing kept at 0 comments: the words of purged or deleted comments (a name…) do not outlive
  // them. ('' stands for every comment: its total stays.)
  const atZero = (rows: Record<string, unknown>[]) =>
    rows.filter((r) => Number(r.comments) === 0).map((r) => JSON.stringify(r));
  expect(atZero(totals.filter((t) => t.term !== ''))).toEqual([]);
  expect(atZero([...termDays, ...termMonths])).toEqual([]);
  const rareOf = new Map(totals.map((t) => [`${t.procedure_id}|${t.term}`, Number(t.rare)]));
  for (const t of totals) {
    if (Number(t.rare) === 1) expect(Number(t.comments)).toBeLessThan(rareTermComments);
  }
  for (const r of [...termDays, ...termMonths]) {
    expect(Number(r.rare)).toBe(rareOf.get(`${r.procedure_id}|${r.term}`));
  }
}

describe.each(implementations)('term counts on $name', (implementation) => {
  let db: Database_;
  beforeAll(async () => {
    if (implementation.available) db = await implementation.open();
  });
  afterAll(async () => db?.close());

  it.skipIf(!implementation.available)(
    'equal a full recount after any sequence of answers, edits, deletions, purges, theme edits and partial counting',
    { timeout: 240_000 },
    async () => {
      const { store } = db;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (steps) => {
          const keys: string[] = [];
          for (const name of ['A', 'B']) {
            keys.push((await store.createProcedure({ name, allowedOrigins: [] })).key);
          }
          const stored: Stored[] = [];
          for (const step of steps) await apply(store, keys, stored, step);
          await expectCountsAsRecount(db, keys);
        }),
        { numRuns: implementation.runs },
      );
    },
  );

  it.skipIf(!implementation.available)(
    'equal a full recount when two nodes count at once while answers come and themes change',
    { timeout: 60_000 },
    async () => {
      const other = await db.another();
      try {
        const keys: string[] = [];
        for (const name of ['A', 'B']) {
          keys.push((await db.store.createProcedure({ name, allowedOrigins: [] })).key);
        }
        const [first, second] = keys as [string, string];
        await db.store.listThemes(first, starterThemes);
        let writing = true;
        const node = async (store: Store) => {
          while (writing) {
            if ((await countQueuedTerms(store, { limit: 100 })) === 0) await sleep(2);
          }
        };
        const writer = async () => {
          const stored: Stored[] = [];
          const sample = fc.sample(answer, { numRuns: 600, seed: 26 });
          for (let i = 0; i < 30; i++) {
            const batch = sample.slice(i * 20, i * 20 + 20).map((a, j) => {
              const day = days[(i + j) % days.length] as string;
              const receivedAt = new Date(Date.parse(`${day}T12:00:00Z`) + stored.length * 1000);
              const s = {
                id: uuidv7(receivedAt.getTime()),
                procedureKey: j % 3 === 0 ? second : first,
                receivedAt,
                day,
              };
              stored.push(s);
              return { ...s, answer: answerOf(a), suspect: a.suspect };
            });
            await db.store.saveSubmissions(batch);
            // Theme edits from either node, and a deletion now and then.
            const editor = i % 2 === 0 ? db.store : other;
            if (i % 4 === 1) {
              await editor.createTheme(first, { name: 'Carte', keywords: ['carte'] }, audit(first));
            } else if (i % 4 === 3) {
              const [theme] = await editor.listThemes(first, starterThemes);
              if (theme) await editor.deleteTheme(first, theme.id, audit(first));
            }
            if (i % 5 === 4) {
              const gone = stored.splice(i, 1)[0] as Stored;
              await other.deleteSubmission(gone.id, gone.procedureKey, audit(gone.id));
            }
            await sleep(1);
          }
          writing = false;
        };
        await Promise.all([writer(), node(db.store), node(other)]);
        await expectCountsAsRecount(db, keys);
      } finally {
        await other.close();
      }
    },
  );

  it.skipIf(!implementation.available)(
    'drop the queued changes of a deleted procedure, with its counts',
    async () => {
      const { store, query } = db;
      const keys: string[] = [];
      for (const name of ['Gardée', 'Supprimée']) {
        keys.push((await store.createProcedure({ name, allowedOrigins: [] })).key);
      }
      const stored: Stored[] = [];
      for (const procedure of [0, 1] as const) {
        await apply(store, keys, stored, {
          kind: 'insert',
          procedure,
          day: '2026-03-02',
          count: 5,
          answer: { satisfaction: 'bad', comment: 'Paiement refusé', source: '', suspect: false },
        });
      }
      await store.countTermChanges(countTermChanges, { limit: 3 });
      expect(await store.deleteProcedure(keys[1] as string)).toBe(true);
      await countEverything(store);
      expect(await store.pendingTermChanges()).toBe(0);
      const left = await query(
        `SELECT count(*) AS n FROM term_days t
         WHERE NOT EXISTS (SELECT 1 FROM procedures p WHERE p.id = t.procedure_id)`,
      );
      expect(Number(left[0]?.n)).toBe(0);
      await expectCountsAsRecount(db, [keys[0] as string]);
    },
  );

  it.skipIf(!implementation.available)(
    'a run ends at its first short batch: what answers queue after it waits for the next run',
    async () => {
      const { store } = db;
      const { key } = await store.createProcedure({ name: 'Suivie', allowedOrigins: [] });
      await countEverything(store);
      const comment = {
        satisfaction: 'bad' as const,
        comment: 'Paiement refusé',
        source: '',
        suspect: false,
      };
      const insert = (count: number) =>
        apply(store, [key], [], {
          kind: 'insert',
          procedure: 0,
          day: '2026-03-02',
          count,
          answer: comment,
        });
      await insert(30);
      // Answers keep coming while the job counts (under load, a commit every few milliseconds):
      // five arrive after its first batch, as they would between two turns of the event loop.
      let batches = 0;
      const busy = {
        countTermChanges: async (...args: Parameters<Store['countTermChanges']>) => {
          const taken = await store.countTermChanges(...args);
          if (++batches === 1) await insert(5);
          return taken;
        },
      } as Store;
      expect(await countQueuedTerms(busy, { limit: Number.POSITIVE_INFINITY })).toBe(30);
      expect(batches).toBe(1);
      expect(await store.pendingTermChanges()).toBe(5);
      expect(await countQueuedTerms(store, { limit: Number.POSITIVE_INFINITY })).toBe(5);
      await expectCountsAsRecount(db, [key]);
    },
  );
});

// Two PostgreSQL nodes: one's theme edit against the other's counting (SQLite has one process).
const postgres = implementations.find(
  (i) => i.name === 'PostgreSQL',
) as (typeof implementations)[number];
describe.skipIf(!postgres.available)('term counts on PostgreSQL, between nodes', () => {
  let db: Database_;
  beforeAll(async () => {
    db = await postgres.open();
  });
  afterAll(async () => db?.close());

  it('a theme edit waits for the batches counting its procedure, and a batch skips the procedure of an edit under way', async () => {
    const { store, query } = db;
    const { key } = await store.createProcedure({ name: 'Verrou', allowedOrigins: [] });
    await store.listThemes(key, []);
    const [procedure] = await query(
      `SELECT CAST(id AS integer) AS id FROM procedures WHERE key = '${key}'`,
    );
    const id = Number(procedure?.id);
    const receivedAt = new Date('2026-03-02T12:00:00Z');
    await store.saveSubmissions([
      {
        id: uuidv7(receivedAt.getTime()),
        procedureKey: key,
        answer: { satisfaction: 'good', comment: 'Paiement refusé' },
        receivedAt,
        day: '2026-03-02',
      },
    ]);
    const node = new pg.Client(
      postgresUrl.replace(/\/[^/]*$/, '/') + (await currentDatabase(query)),
    );
    await node.connect();
    try {
      // A batch of another node holds the procedure: the edit waits for its commit.
      await node.query('BEGIN');
      await node.query('SELECT pg_advisory_xact_lock_shared($1, $2)', [themeCountsLock, id]);
      let edited = false;
      const edit = store
        .createTheme(key, { name: 'Paiement', keywords: ['paiement'] }, audit(key))
        .then(() => {
          edited = true;
        });
      await sleep(300);
      expect(edited).toBe(false);
      await node.query('COMMIT');
      await edit;
      // An edit under way on another node: a batch leaves the procedure's changes queued.
      await node.query('BEGIN');
      await node.query('SELECT pg_advisory_xact_lock($1, $2)', [themeCountsLock, id]);
      const waiting = await store.pendingTermChanges(key);
      expect(waiting).toBeGreaterThan(0);
      expect(
        await store.countTermChanges(countTermChanges, { limit: 500, procedureKey: key }),
      ).toBe(0);
      expect(await store.pendingTermChanges(key)).toBe(waiting);
      await node.query('COMMIT');
      await countEverything(store);
      await expectCountsAsRecount(db, [key]);
    } finally {
      await node.end();
    }
  });
});
