import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * The backup and restore drill as an operator runs it (docs/operations.md): the built CLI, in
 * processes of its own, beside a running server.
 */
async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['dist/cli.js', ...args],
      { env: { ...process.env, ...env } },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, out: stdout, err: stderr };
  }
}

async function seededProcedure(env: Record<string, string>, name: string) {
  const { key } = JSON.parse((await cli(env, 'procedure', 'create', '--name', name)).out);
  const seeded = await cli(env, 'seed', '--procedure', key, '--days', '40', '--per-day', '6');
  expect(seeded.code).toBe(0);
  return key as string;
}

const stats = async (env: Record<string, string>, key: string) =>
  JSON.parse(
    (await cli(env, 'stats', '--procedure', key, '--from', '2000-01-01', '--to', '2099-12-31')).out,
  );

const postgresUrl = inject('postgresUrl');

describe('backup and restore, SQLite', () => {
  it('backs up to one self-contained file and prints what it wrote as JSON', async () => {
    const env = { DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite') };
    await seededProcedure(env, 'Passeport');
    const folder = temporaryDirectory();
    const file = join(folder, 'avis-2026-12-07.sqlite');
    const backup = await cli(env, 'backup', file);
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({
      backup: file,
      database: env.DATABASE_PATH,
      checked: true,
      bytes: expect.any(Number),
    });
    // No -wal or -shm beside it: the one file is the whole backup.
    expect(readdirSync(folder)).toEqual(['avis-2026-12-07.sqlite']);
  });

  it('restores a backup, refuses while a server has the database open, and keeps what it replaced', async () => {
    const env = { DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite') };
    const key = await seededProcedure(env, 'Passeport');
    const before = await stats(env, key);
    const file = join(temporaryDirectory(), 'before-upgrade.sqlite');
    expect((await cli(env, 'backup', file)).code).toBe(0);
    // What happens after the backup is what a rollback gives up.
    const later = JSON.parse((await cli(env, 'procedure', 'create', '--name', 'Plus tard')).out);

    const server = await startServerProcess(env);
    const refused = await cli(env, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('is in use');
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');

    const restore = await cli(env, 'restore', file);
    expect(restore.code).toBe(0);
    const restored = JSON.parse(restore.out);
    expect(restored).toMatchObject({
      restored: file,
      database: env.DATABASE_PATH,
      procedures: 1,
      answers: before.answers,
      lastAnswerDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(existsSync(restored.replaced)).toBe(true);
    const listed = JSON.parse((await cli(env, 'procedure', 'list')).out);
    expect(listed.map((p: { key: string }) => p.key)).toEqual([key]);
    expect(await stats(env, key)).toEqual(before);
    // The database restored over is still there, whole: undoing the restore is restoring it.
    const undo = await cli(env, 'restore', restored.replaced);
    expect(undo.code).toBe(0);
    const relisted = JSON.parse((await cli(env, 'procedure', 'list')).out);
    expect(relisted.map((p: { key: string }) => p.key).sort()).toEqual([key, later.key].sort());

    const again = await startServerProcess(env);
    onTestFinished(() => void again.child.kill('SIGTERM'));
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('refuses a file that is not a sound backup of this service, and changes nothing', async () => {
    const env = { DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite') };
    const key = await seededProcedure(env, 'Passeport');
    const garbage = join(temporaryDirectory(), 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all, but long enough to look like a file');
    const other = join(temporaryDirectory(), 'other.sqlite');
    const { default: Database } = await import('better-sqlite3');
    new Database(other).exec('CREATE TABLE notes (text TEXT)');

    for (const file of [garbage, other, join(temporaryDirectory(), 'missing.sqlite')]) {
      const result = await cli(env, 'restore', file);
      expect(result.code, file).toBe(1);
      expect(result.err).toContain('Nothing restored');
    }
    const listed = JSON.parse((await cli(env, 'procedure', 'list')).out);
    expect(listed.map((p: { key: string }) => p.key)).toEqual([key]);
  }, 30_000);
});

describe.skipIf(!postgresUrl)('backup and restore, PostgreSQL (pg_dump, pg_restore)', () => {
  it('restores a pg_dump backup into a database, the same figures, refused while in use', async () => {
    const source = { DATABASE_URL: await createDatabase(postgresUrl) };
    const key = await seededProcedure(source, 'Passeport');
    const before = await stats(source, key);
    const file = join(temporaryDirectory(), 'avis.dump');
    const backup = await cli(source, 'backup', file);
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({ backup: file, checked: true });

    const target = { DATABASE_URL: await createDatabase(postgresUrl) };
    const server = await startServerProcess(target);
    const refused = await cli(target, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('in use');
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');

    const restore = await cli(target, 'restore', file);
    expect(restore.code, restore.err).toBe(0);
    expect(JSON.parse(restore.out)).toMatchObject({
      restored: file,
      procedures: 1,
      answers: before.answers,
    });
    expect(await stats(target, key)).toEqual(before);
    // Restoring over a database that has data replaces it whole (pg_restore --clean).
    await cli(target, 'procedure', 'create', '--name', 'Plus tard');
    expect((await cli(target, 'restore', file)).code).toBe(0);
    expect(JSON.parse((await cli(target, 'procedure', 'list')).out)).toHaveLength(1);
  }, 90_000);
});
