import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { parseConfig } from '../../server/src/config.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { killUnderLoad, loadGenerator } from '../fixtures/load-generator.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { readDatabase, temporaryDirectory, uuidv7, widgetDir } from '../helpers.ts';

/** Rollups, day by day, against a recount of the submissions (answers, «Très bien», comments). */
function rollupsMatchRecount(db: Database.Database): boolean {
  const rollups = db
    .prepare(
      `SELECT day, SUM(answers) AS answers, SUM(satisfaction_good) AS good, SUM(comments) AS comments FROM daily_rollups GROUP BY day HAVING SUM(answers) > 0 ORDER BY day`,
    )
    .all();
  const recount = db
    .prepare(
      `SELECT day, count(*) AS answers, SUM(satisfaction = 'good') AS good, SUM(comment IS NOT NULL AND trim(comment) <> '') AS comments FROM submissions GROUP BY day ORDER BY day`,
    )
    .all();
  return JSON.stringify(rollups) === JSON.stringify(recount);
}

describe('durability', () => {
  it('a SIGKILL at any moment loses no acknowledged answer, 5 times over', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    await store.close();
    const acknowledged = await killUnderLoad(
      () => startServerProcess({ DATABASE_PATH: databasePath, RATE_LIMIT_PER_HOUR: '1000000' }),
      key,
      5,
    );

    expect(acknowledged.size).toBeGreaterThan(50);
    readDatabase(databasePath, (db) => {
      const stored = new Set(
        (db.prepare('SELECT id FROM submissions').all() as { id: string }[]).map((r) => r.id),
      );
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(rollupsMatchRecount(db)).toBe(true);
    });
  }, 120_000);

  it('a backup taken while answers pour in is a consistent copy', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    await store.close();
    const { child, url } = await startServerProcess({
      DATABASE_PATH: databasePath,
      RATE_LIMIT_PER_HOUR: '1000000',
    });
    const load = loadGenerator(
      url,
      key,
      Array.from({ length: 100_000 }, () => uuidv7()),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const copy = join(temporaryDirectory(), 'copy.sqlite');
    await promisify(execFile)(process.execPath, ['dist/cli.js', 'backup', copy], {
      env: { ...process.env, DATABASE_PATH: databasePath },
    });
    await load.stop();
    child.kill('SIGTERM');
    await once(child, 'exit');

    readDatabase(copy, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(
        (db.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n,
      ).toBeGreaterThan(0);
      expect(rollupsMatchRecount(db)).toBe(true);
    });
  }, 60_000);
});

/** A 2 MB file system of our own, to fill up; needs root (CI has it). */
function smallDisk(): string | undefined {
  const dir = join(temporaryDirectory(), 'disk');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  onTestFinished(() => {
    execFileSync('umount', [dir]);
  });
  return dir;
}

describe('a full disk', () => {
  it('refuses answers with 503 and Retry-After, keeps reading, and recovers by itself', async (context) => {
    const disk = smallDisk();
    if (!disk) {
      console.warn(
        '!!! cannot mount a small tmpfs here (not root?): the full-disk test is SKIPPED',
      );
      context.skip();
      return;
    }
    const config = parseConfig({
      DATABASE_PATH: join(disk, 'avis.sqlite'),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_HOUR: '1000000',
    });
    const store = openSqliteStore({ path: config.databasePath });
    const app = await buildApp({ config, store, widgetDir });
    onTestFinished(async () => {
      await app.close();
      await store.close();
    });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const post = (id = uuidv7()) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/procedures/${key}/feedback`,
        payload: { id, satisfaction: 'good', comment: 'x'.repeat(3000) },
      });
    expect((await post()).statusCode).toBe(201);

    const filler = join(disk, 'filler');
    const { bavail, bsize } = statfsSync(disk);
    writeFileSync(filler, Buffer.alloc(bavail * bsize));
    let refused = await post();
    for (let i = 0; i < 50 && refused.statusCode === 201; i++) refused = await post();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect(
      (await store.sumRollups({ procedureKey: key, fromDay: '2000-01-01', toDay: '2100-01-01' }))
        .answers,
    ).toBeGreaterThan(0);

    rmSync(filler);
    expect((await post()).statusCode).toBe(201);
    readDatabase(config.databasePath, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(rollupsMatchRecount(db)).toBe(true);
    });
  });
});
