import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { migrations as postgresMigrations } from '../../server/src/store/postgres/migrations.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import {
  addTotals,
  countersOf,
  emptyTotals,
  type RollupTotals,
  rollupCounters,
} from '../../server/src/store/rollups.ts';
import { migrations as sqliteMigrations } from '../../server/src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory, uuidv7 } from '../helpers.ts';

/**
 * Issue 15: a database made by the previous version (its migrations, which are never edited, up to
 * SQLite's 004 and PostgreSQL's 001; its one-answer-for-all-channels columns; its rollups) is
 * migrated, and its rollups then equal a recount, old answers under the channel unknown.
 */
const postgresUrl = inject('postgresUrl');

/** The previous version's rollup counters, each as the SQL that counts it in one row. */
const previousCounters: [name: string, counts: string][] = [
  ['answers', 'true'],
  ...['bad', 'medium', 'good'].map((s): [string, string] => [
    `satisfaction_${s}`,
    `satisfaction = '${s}'`,
  ]),
  ...[1, 2, 3, 4, 5].map((n): [string, string] => [`clarity_${n}`, `clarity = ${n}`]),
  ['help_answered', 'help IS NOT NULL'],
  ...[
    'counter',
    'phone',
    'email',
    'chat',
    'relative',
    'association',
    'websites',
    'other',
    'none',
  ].map((c): [string, string] => [`help_${c}`, `',' || help || ',' LIKE '%,${c},%'`]),
  ['reached_yes', 'reached = true'],
  ['reached_no', 'reached = false'],
  ...[1, 2, 3, 4, 5].map((n): [string, string] => [`help_quality_${n}`, `help_quality = ${n}`]),
  ['comments', "trim(comment) <> ''"],
];

/** What the previous version kept: its rollups, a sum per procedure, day and source. */
const previousRollups = `INSERT INTO daily_rollups (procedure_id, day, source,
    ${previousCounters.map(([name]) => name).join(', ')})
  SELECT procedure_id, day, source,
    ${previousCounters.map(([, sql]) => `SUM(CASE WHEN ${sql} THEN 1 ELSE 0 END)`).join(', ')}
  FROM submissions GROUP BY procedure_id, day, source`;

type OldRow = {
  id: string;
  day: string;
  source: string;
  satisfaction: string;
  clarity: number | null;
  help: string | null;
  reached: boolean | null;
  help_quality: number | null;
  comment: string | null;
};

/** Forty answers in the earlier shape, spread over three days and two sources. */
function previousAnswers(): OldRow[] {
  const helps = [null, 'none', 'phone', 'counter,relative', 'chat,email', 'websites'];
  return Array.from({ length: 40 }, (_, i) => {
    const help = helps[i % helps.length] as string | null;
    const contact = help !== null && /counter|phone|email|chat/.test(help);
    const reached = contact && i % 4 !== 3 ? i % 3 !== 0 : null;
    return {
      id: uuidv7(),
      day: `2026-02-0${1 + (i % 3)}`,
      source: i % 2 === 0 ? 'confirmation' : '',
      satisfaction: ['bad', 'medium', 'good'][i % 3] as string,
      clarity: i % 5 === 0 ? null : 1 + (i % 5),
      help,
      reached,
      help_quality: reached === true ? 1 + (i % 5) : null,
      comment: i % 7 === 0 ? 'Trop long' : i % 7 === 1 ? ' ' : null,
    };
  });
}

/** Rollup rows with any answer, per day and source, summed over the procedure. */
type RollupRows = Map<string, RollupTotals>;

async function recount(store: Store, key: string): Promise<RollupRows> {
  const counted: RollupRows = new Map();
  for await (const s of store.exportSubmissions({
    procedureKey: key,
    fromDay: '2000-01-01',
    toDay: '2100-01-01',
  })) {
    const at = `${s.day}|${s.source}`;
    counted.set(at, addTotals(counted.get(at) ?? emptyTotals(), countersOf(s.answer)));
  }
  return counted;
}

const rollupRowsSql = `SELECT CAST(day AS TEXT) AS day, source,
    ${rollupCounters.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
  FROM daily_rollups GROUP BY day, source HAVING SUM(answers) > 0`;

function asRollupRows(rows: Record<string, unknown>[]): RollupRows {
  return new Map(
    rows.map(({ day, source, ...sums }) => [
      `${day}|${source}`,
      Object.fromEntries(rollupCounters.map((c) => [c, Number(sums[c])])) as RollupTotals,
    ]),
  );
}

/** After the migration: the earlier totals under unknown, then new answers on top. */
async function checkMigrated(
  store: Store,
  key: string,
  rollupRows: () => Promise<RollupRows>,
  old: OldRow[],
) {
  const rows = await rollupRows();
  expect(rows).toEqual(await recount(store, key));
  const totals = await store.sumRollups({
    procedureKey: key,
    fromDay: '2026-01-01',
    toDay: '2026-12-31',
  });
  expect(totals.answers).toBe(old.length);
  expect(totals.reached_unknown_yes).toBe(old.filter((r) => r.reached === true).length);
  expect(totals.reached_unknown_no).toBe(old.filter((r) => r.reached === false).length);
  for (const n of [1, 2, 3, 4, 5] as const) {
    expect(totals[`help_quality_unknown_${n}`]).toBe(
      old.filter((r) => r.help_quality === n).length,
    );
  }
  const first = old.find((r) => r.reached === true) as OldRow;
  expect((await store.findSubmission(first.id))?.answer).toMatchObject({
    reached: true,
    helpQuality: first.help_quality,
  });

  // A later step of an old submission in the new shape, and a new answer: still a recount.
  const step = (id: string, day: string, answer: Answer) => ({
    id,
    procedureKey: key,
    answer,
    receivedAt: new Date(`${day}T12:00:00Z`),
    day,
  });
  const outcomes = await store.saveSubmissions([
    step(first.id, first.day, {
      satisfaction: 'good',
      help: ['phone', 'counter'],
      reached: { phone: false, counter: true },
      helpQuality: { counter: 5 },
      ...(first.source ? { source: first.source } : {}),
    }),
    step(uuidv7(), '2026-02-03', {
      satisfaction: 'bad',
      help: ['chat'],
      reached: { chat: false },
    }),
  ]);
  expect(outcomes).toEqual(['updated', 'created']);
  expect(await rollupRows()).toEqual(await recount(store, key));
}

describe('the migration to help per channel', () => {
  it('on SQLite, carries a previous version’s answers and rollups over: rollups equal a recount', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const previous = new Database(path);
    for (const [index, sql] of sqliteMigrations.slice(0, 4).entries()) {
      previous.exec(sql);
      previous.pragma(`user_version = ${index + 1}`);
    }
    const procedureId = previous
      .prepare(
        `INSERT INTO procedures (key, name, created_at) VALUES ('passeport', 'Passeport', 0)`,
      )
      .run().lastInsertRowid;
    const old = previousAnswers();
    const insert = previous.prepare(
      `INSERT INTO submissions (id, procedure_id, received_at, updated_at, day, source,
         satisfaction, clarity, help, reached, help_quality, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of old) {
      const at = Date.parse(`${r.day}T12:00:00Z`);
      insert.run(
        r.id,
        procedureId,
        at,
        at,
        r.day,
        r.source,
        r.satisfaction,
        r.clarity,
        r.help,
        r.reached === null ? null : Number(r.reached),
        r.help_quality,
        r.comment,
      );
    }
    previous.exec(previousRollups);
    previous.close();

    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    const reader = new Database(path, { readonly: true });
    onTestFinished(() => {
      reader.close();
    });
    expect(reader.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    await checkMigrated(
      store,
      'passeport',
      async () => asRollupRows(reader.prepare(rollupRowsSql).all() as Record<string, unknown>[]),
      old,
    );
  });

  it.skipIf(!postgresUrl)(
    'on PostgreSQL, carries a previous version’s answers and rollups over: rollups equal a recount',
    async () => {
      const url = await createDatabase(postgresUrl);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      onTestFinished(() => client.end());
      // As the previous version's runner left it (postgres-store.ts's migrate).
      await client.query(
        `CREATE TABLE schema_migrations (
           version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      await client.query(postgresMigrations[0] as string);
      await client.query('INSERT INTO schema_migrations (version) VALUES (1)');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO procedures (key, name, created_at) VALUES ('passeport', 'Passeport', now())
         RETURNING id`,
      );
      const old = previousAnswers();
      for (const r of old) {
        await client.query(
          `INSERT INTO submissions (id, procedure_id, received_at, updated_at, day, source,
             satisfaction, clarity, help, reached, help_quality, comment)
           VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            r.id,
            rows[0]?.id,
            new Date(`${r.day}T12:00:00Z`),
            r.day,
            r.source,
            r.satisfaction,
            r.clarity,
            r.help,
            r.reached,
            r.help_quality,
            r.comment,
          ],
        );
      }
      await client.query(previousRollups);

      const store = await openPostgresStore({ url, poolSize: 1 });
      onTestFinished(() => store.close());
      const { rows: versions } = await client.query<{ version: number }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      expect(versions[0]?.version).toBe(postgresMigrations.length);
      await checkMigrated(
        store,
        'passeport',
        async () => asRollupRows((await client.query(rollupRowsSql)).rows),
        old,
      );
    },
  );
});
