import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { progressLine } from '../../server/src/cli/progress.ts';
import { runCli } from '../../server/src/cli/run-cli.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import {
  readDatabase,
  TestClock,
  temporaryDirectory,
  testConfig,
  uuidv7,
  widgetDir,
} from '../helpers.ts';

async function cli(args: string[], config = testConfig(), password = 'une phrase de passe solide') {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    password: async () => password,
  };
  const code = await runCli(args, config, io, widgetDir);
  return { code, out: out.join('\n'), err: err.join('\n'), config };
}

describe('npm run cli', () => {
  it('creates a procedure and prints it as JSON with a random key', async () => {
    const config = testConfig();
    const { code, out } = await cli(
      [
        'procedure',
        'create',
        '--name',
        'Demande de passeport',
        '--origin',
        'https://passeport.example.gouv.fr',
        '--origin',
        'https://*.ants.gouv.fr',
      ],
      config,
    );
    expect(code).toBe(0);
    const procedure = JSON.parse(out);
    expect(procedure).toMatchObject({
      name: 'Demande de passeport',
      allowedOrigins: ['https://passeport.example.gouv.fr', 'https://*.ants.gouv.fr'],
      questions: ['clarity', 'help', 'comment'],
    });
    expect(procedure.key).toMatch(/^[a-z0-9]{10}$/);

    const listed = JSON.parse((await cli(['procedure', 'list'], config)).out);
    expect(listed.map((p: { key: string }) => p.key)).toEqual([procedure.key]);
  });

  it('writes a procedure created from the command line in the audit log, by cli', async () => {
    const { out, config } = await cli(['procedure', 'create', '--name', 'Carte grise']);
    const { key } = JSON.parse(out);
    const store = openSqliteStore({ path: config.databasePath });
    try {
      expect(await store.listAudit(10)).toMatchObject([
        { actor: 'cli', action: 'procedure.create', target: key, details: { name: 'Carte grise' } },
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses a bad origin or a missing name with a message naming the flag, exit 2', async () => {
    const badOrigin = await cli([
      'procedure',
      'create',
      '--name',
      'X',
      '--origin',
      'passeport.gouv.fr',
    ]);
    expect(badOrigin.code).toBe(2);
    expect(badOrigin.err).toContain('--origin');
    const noName = await cli(['procedure', 'create']);
    expect(noName.code).toBe(2);
    expect(noName.err).toContain('--name');
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['procedure', 'create', '--nom', 'X'])).err).toContain("'--nom'");
  });

  it('prints the indicators of a period, counted from the answers received', async () => {
    const config = testConfig();
    const store = openSqliteStore({ path: config.databasePath });
    const clock = new TestClock(new Date('2026-05-04T09:00:00Z'));
    const app = await buildApp({ config, store, now: clock.now, widgetDir });
    const { key } = await store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
    const post = (body: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/procedures/${key}/feedback`,
        payload: { id: uuidv7(), ...body },
      });
    await post({ satisfaction: 'good', clarity: 5 });
    await post({ satisfaction: 'medium', clarity: 3 });
    await post({
      satisfaction: 'good',
      help: ['phone', 'counter'],
      reached: { phone: false, counter: true },
      helpQuality: { counter: 4 },
    });
    clock.advance(40 * 24 * 60 * 60 * 1000); // outside the period asked below
    await post({ satisfaction: 'bad' });
    await app.close();
    await store.close();

    const { code, out } = await cli(
      ['stats', '--procedure', key, '--from', '2026-05-01', '--to', '2026-05-31'],
      config,
    );
    expect(code).toBe(0);
    const stats = JSON.parse(out);
    expect(stats).toMatchObject({
      procedure: key,
      from: '2026-05-01',
      to: '2026-05-31',
      answers: 3,
      satisfaction: { value: 8.3, level: 'good', sample: 3, insufficient: true },
      clarity: { value: 7.5, sample: 2 },
      autonomy: { value: 0, sample: 1 },
      // Per channel answer: the phone «Non», the counter «Oui» rated 4.
      reached: { value: 50, sample: 2 },
      helpQuality: { value: 7.5, sample: 1 },
      channels: {
        phone: { reached: { value: 0, sample: 1 }, helpQuality: { value: null, sample: 0 } },
        counter: { reached: { value: 100, sample: 1 }, helpQuality: { value: 7.5, sample: 1 } },
        unknown: { reached: { value: null, sample: 0 } },
      },
    });
  });

  it('seeds an empty procedure with made-up answers, and never one that has real ones', async () => {
    const config = testConfig();
    const { key } = JSON.parse((await cli(['procedure', 'create', '--name', 'Démo'], config)).out);
    const seeded = await cli(
      ['seed', '--procedure', key, '--days', '30', '--per-day', '20'],
      config,
    );
    expect(seeded.code).toBe(0);
    const { seeded: count } = JSON.parse(seeded.out);
    // Weekdays get 20 on average, weekends 8: a month holds between 300 and 700.
    expect(count).toBeGreaterThan(300);
    expect(count).toBeLessThan(700);
    // Tomorrow in UTC: late in the evening, Paris is already on the next day.
    const until = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const stats = await cli(
      ['stats', '--procedure', key, '--from', '2000-01-01', '--to', until],
      config,
    );
    expect(JSON.parse(stats.out).answers).toBe(count);

    const again = await cli(['seed', '--procedure', key], config);
    expect(again.code).toBe(1);
    expect(again.err).toContain('has answers already');
    expect(
      JSON.parse(
        (await cli(['stats', '--procedure', key, '--from', '2000-01-01', '--to', until], config))
          .out,
      ).answers,
    ).toBe(count);
    expect((await cli(['seed', '--procedure', key, '--quality', '2'], config)).code).toBe(2);
  });

  it('refuses impossible dates and unknown procedures', async () => {
    const config = testConfig();
    expect(
      (
        await cli(
          ['stats', '--procedure', 'abcd', '--from', '2026-02-30', '--to', '2026-03-01'],
          config,
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await cli(
          ['stats', '--procedure', 'abcd', '--from', '2026-03-02', '--to', '2026-03-01'],
          config,
        )
      ).err,
    ).toContain('--to');
    const unknown = await cli(
      ['stats', '--procedure', 'abcd', '--from', '2026-03-01', '--to', '2026-03-02'],
      config,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('abcd');
  });

  it('backs up the live database to a file that passes an integrity check', async () => {
    const config = testConfig();
    const { out } = await cli(['procedure', 'create', '--name', 'Passeport'], config);
    const file = join(temporaryDirectory(), 'backup.sqlite');
    const backup = await cli(['backup', file], config);
    expect(backup.code).toBe(0);
    const names = readDatabase(file, (db) => db.prepare('SELECT key FROM procedures').all());
    expect(names).toEqual([{ key: JSON.parse(out).key }]);
  });

  it('prints the embed code with the current versioned script and its SRI hash', async () => {
    const config = testConfig({ PUBLIC_URL: 'https://avis.example.gouv.fr' });
    const { key } = JSON.parse(
      (await cli(['procedure', 'create', '--name', 'Passeport'], config)).out,
    );
    const { code, out } = await cli(['embed', '--procedure', key], config);
    const manifest = JSON.parse(readFileSync(join(widgetDir, 'manifest.json'), 'utf8'));
    expect(code).toBe(0);
    expect(out).toContain(
      `<script src="https://avis.example.gouv.fr/${manifest.file}" integrity="${manifest.integrity}" crossorigin="anonymous" defer data-procedure="${key}"></script>`,
    );
    expect(out).toContain(`https://avis.example.gouv.fr/p/${key}`);
  });

  it('creates accounts and API keys that the API then accepts', async () => {
    const config = testConfig();
    const { key } = JSON.parse(
      (await cli(['procedure', 'create', '--name', 'Passeport'], config)).out,
    );
    const owner = await cli(
      ['user', 'create', '--email', 'po@example.gouv.fr', '--role', 'owner', '--procedure', key],
      config,
    );
    expect(owner.code).toBe(0);
    expect(JSON.parse(owner.out)).toMatchObject({
      email: 'po@example.gouv.fr',
      isAdmin: false,
      roles: { [key]: 'owner' },
    });
    expect(
      (await cli(['user', 'create', '--email', 'x@example.gouv.fr', '--role', 'viewer'], config))
        .code,
    ).toBe(2);
    expect(
      (
        await cli(
          ['user', 'create', '--email', 'y@example.gouv.fr', '--role', 'admin'],
          config,
          'court',
        )
      ).code,
    ).toBe(2);
    const created = await cli(
      ['apikey', 'create', '--name', 'script', '--email', 'po@example.gouv.fr'],
      config,
    );
    expect(created.code).toBe(0);
    const secret = created.out.trim();

    const store = openSqliteStore({ path: config.databasePath });
    const app = await buildApp({ config, store, widgetDir });
    const withKey = await app.inject({
      url: `/api/v1/procedures/${key}/stats`,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(withKey.statusCode).toBe(200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'po@example.gouv.fr', password: 'une phrase de passe solide' },
    });
    expect(login.statusCode).toBe(200);
    await app.close();
    await store.close();
  });

  it('runs as a real process, as `npm run cli` starts it, with the widget build beside it', () => {
    const config = testConfig();
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ['dist/cli.js', ...args], {
        env: { ...process.env, DATABASE_PATH: config.databasePath },
        encoding: 'utf8',
      });
    const procedure = JSON.parse(run('procedure', 'create', '--name', 'Impôts'));
    expect(procedure).toMatchObject({ name: 'Impôts' });
    expect(run('embed', '--procedure', procedure.key)).toContain('integrity="sha384-');
  });

  it('shows a long command’s progress on a terminal, and nothing but its result when piped', async () => {
    const config = testConfig();
    const created = await cli(['procedure', 'create', '--name', 'Impôts'], config);
    const { key } = JSON.parse(created.out);
    const env = { ...process.env, DATABASE_PATH: config.databasePath };
    const seed = `node dist/cli.js seed --procedure ${key} --days 20 --per-day 50`;

    // util-linux's `script` gives the command a real terminal, as a person running it has.
    const onTerminal = spawnSync('script', ['-qec', seed, '/dev/null'], { env, encoding: 'utf8' });
    expect(onTerminal.status).toBe(0);
    expect(onTerminal.stdout).toMatch(/seed: 100 % · 20 \/ 20 days · [\d,]+ answers\/s · 0 s left/);

    const other = JSON.parse((await cli(['procedure', 'create', '--name', 'Autre'], config)).out);
    const piped = spawnSync(
      process.execPath,
      ['dist/cli.js', 'seed', '--procedure', other.key, '--days', '20'],
      { env, encoding: 'utf8' },
    );
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(JSON.parse(piped.stdout)).toMatchObject({ procedure: other.key });
  });

  it('says how much is done, how fast, and how long is left', () => {
    const report = { done: 250_000, total: 1_000_000, unit: 'rows' };
    expect(progressLine('migrate-to-postgres', report, 10_000)).toBe(
      'migrate-to-postgres: 25 % · 250,000 / 1,000,000 rows · 25,000 rows/s · 30 s left',
    );
    expect(
      progressLine(
        'seed',
        { done: 73, total: 365, unit: 'days', items: { count: 200_000, name: 'answers' } },
        100_000,
      ),
    ).toBe('seed: 20 % · 73 / 365 days · 2,000 answers/s · 6 min 40 s left');
    expect(progressLine('seed', { done: 0, total: 365, unit: 'days' }, 0)).toBe(
      'seed: 0 % · 0 / 365 days · 0 days/s · time left unknown',
    );
  });
});
