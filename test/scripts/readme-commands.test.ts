import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedPort } from '../fixtures/unused-port.ts';

/**
 * The README's commands, read from its code blocks and run as written, in a fresh copy of this
 * checkout (its tracked files, sharing node_modules): the quick start, «En production» and
 * reading mails with MailDev. The differences, each said where it is made: ports are free ones
 * (3000, 1025 and 1080 may be taken on a shared machine), and paths of the production install
 * (/srv/avis, /var/lib/avis) are temporary folders. A command no test machine can run (root's
 * systemctl, useradd…) is named below with what checks it instead; any other command of those
 * sections must run here, so a command added to the README without a test fails this file.
 */
const readme = readFileSync('README.md', 'utf8');

/** The `sh` blocks of a `## heading` section, or of the paragraph that starts with `lead`. */
function blocksOf(start: string): string[] {
  const from = readme.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(from + start.length);
  const end = start.startsWith('## ') ? rest.search(/\n## /) : rest.search(/\n\n\*\*|\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, block]) => block as string);
}

/** The commands of those blocks, one a line. */
function commandsOf(start: string): string[] {
  return blocksOf(start).flatMap((block) =>
    block
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.replace(/\s{2,}#.*$/, '').trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

/** Commands not run here, and what checks them instead. */
const runElsewhere: Record<string, string> = {
  'npm ci': 'CI’s first step, on the clone this suite runs in',
  'npm test': 'this suite itself',
  'useradd --system --home-dir /srv/avis --shell /usr/sbin/nologin avis': 'root on a real machine',
  'install -d -m 0750 -g avis /etc/avis':
    'root; deploy.test.ts parses deploy/avis.env.example with the service’s configuration',
  'install -m 0640 -g avis deploy/avis.env.example /etc/avis/avis.env': 'root; as above',
  'cp deploy/avis.service deploy/avis-backup.service deploy/avis-backup.timer /etc/systemd/system/':
    'root; deploy.test.ts runs systemd-analyze verify on the units',
  'systemctl daemon-reload': 'systemd as PID 1',
  'systemctl enable --now avis avis-backup.timer': 'systemd as PID 1',
  'cp deploy/nginx/avis.conf /etc/nginx/sites-available/avis':
    'root; deploy.test.ts runs nginx -t on the site',
  'ln -s ../sites-available/avis /etc/nginx/sites-enabled/': 'root; as above',
  'nginx -t': 'deploy.test.ts, on the site as written',
  'systemctl reload nginx': 'systemd as PID 1',
  'systemctl stop avis': 'systemd as PID 1; here the runtime’s server is stopped by its signal',
  'systemctl start avis': 'systemd as PID 1; here the runtime is started again',
  'systemctl start avis-backup.service': 'systemd as PID 1; here the backup command it runs',
  'systemctl restart avis': 'systemd as PID 1',
  'git fetch --tags': 'a release to come; upgrade.test.ts opens the previous release’s databases',
  'git checkout v0.2.0': 'as above',
};

const split = (commands: string[]) => commands.flatMap((command) => command.split(' && '));

let copy: string;
const started: ChildProcess[] = [];

/** This checkout's tracked files, as a fresh clone has them, with node_modules shared. */
beforeAll(() => {
  copy = join(mkdtempSync(join(tmpdir(), 'avis-readme-')), 'checkout');
  const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0');
  for (const file of files.filter(Boolean)) {
    if (!existsSync(file)) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(file, join(copy, file));
  }
  symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
});

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    // Its own process group: npm's child, the server, goes too.
    process.kill(-(child.pid as number), 'SIGTERM');
    await once(child, 'exit');
  }
  // The runtime's node_modules too: seconds.
  rmSync(dirname(copy), { recursive: true, force: true });
}, 120_000);

/** Runs one README command with bash in the copy; its stdout. */
function run(command: string, env: Record<string, string> = {}): string {
  return execFileSync('bash', ['-c', command], {
    cwd: copy,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
}

/** Starts a long-running README command; resolves with its output once `ready` shows in it. */
async function start(command: string, env: Record<string, string>, ready: RegExp) {
  const child = spawn('bash', ['-c', command], {
    cwd: copy,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) resolve();
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess) {
  process.kill(-(child.pid as number), 'SIGTERM');
  await once(child, 'exit');
}

/**
 * better-sqlite3's binding, as built for the Node.js running the tests, offered to its installer
 * the way a downloaded prebuilt one is: the runtime's `npm ci` then compiles nothing (minutes of
 * both cores on a test machine, which would slow every timing test running beside it).
 */
function prebuiltSqliteBinding(): Record<string, string> {
  const prebuilds = join(dirname(copy), 'prebuilds');
  mkdirSync(prebuilds, { recursive: true });
  const { version } = JSON.parse(readFileSync('node_modules/better-sqlite3/package.json', 'utf8'));
  const { modules } = process.versions;
  const name = `better-sqlite3-v${version}-node-v${modules}-${process.platform}-${process.arch}`;
  execFileSync('tar', [
    'czf',
    join(prebuilds, `${name}.tar.gz`),
    '-C',
    'node_modules/better-sqlite3',
    'build/Release/better_sqlite3.node',
  ]);
  return {
    npm_config_better_sqlite3_local_prebuilds: prebuilds,
    npm_config_build_from_source: 'false',
  };
}

const listening = /listening at (http:\/\/127\.0\.0\.1:\d+)/;

describe('the README, run as written', () => {
  it('quick start: npm start, then create a procedure, answer it and read its figures', async () => {
    const commands = commandsOf('## Quick start');
    // The quick start stays two commands, then the first steps.
    expect(commands.slice(0, 2)).toEqual(['npm ci && npm start', 'npm test']);
    const [npmCi, npmStart] = split(commands.slice(0, 1));
    expect(runElsewhere[npmCi as string]).toBeDefined();
    expect(runElsewhere['npm test']).toBeDefined();

    const port = await unusedPort();
    const server = await start(npmStart as string, { PORT: String(port) }, listening);
    expect(run(`curl -fsS http://127.0.0.1:${port}/healthz`)).toBe('{"status":"ok"}');
    // The first steps, pasted as one script: the procedure's key kept in a shell variable.
    const firstSteps = (blocksOf('## Quick start')[1] as string).replaceAll(
      '127.0.0.1:3000',
      `127.0.0.1:${port}`,
    );
    const output = execFileSync('bash', ['-e', '-o', 'pipefail', '-c', firstSteps], {
      cwd: copy,
      env: process.env,
      encoding: 'utf8',
    });
    const key = output.split('\n')[0] as string;
    expect(output).toMatch(/^HTTP\/1\.1 201 /m);
    // curl's body has no line end: the stats' JSON follows it at once.
    const [, stats] = output.split('"status":"created"}');
    expect(JSON.parse(stats as string)).toMatchObject({ procedure: key, answers: 1 });
    expect(key).toMatch(/^[a-z0-9]{10}$/);
    await stop(server.child);
  }, 120_000);

  it(
    '«En production»: a runtime with production dependencies only, started, backed up, restored',
    async () => {
      const commands = split(commandsOf('## En production'));
      const srv = join(dirname(copy), 'srv', 'avis');
      const state = join(dirname(copy), 'var', 'lib', 'avis');
      mkdirSync(join(state, 'backups'), { recursive: true });
      const asHere = (command: string) =>
        command
          .replaceAll('/srv/avis', srv)
          .replaceAll('/var/lib/avis', state)
          .replace(/^runuser -u avis -- /, '');
      const unit = readFileSync(join(copy, 'deploy/avis.service'), 'utf8');
      const unitEnvironment = Object.fromEntries(
        (/^Environment=(.*)$/m.exec(unit)?.[1] ?? '').split(' ').map((pair) => pair.split('=')),
      );
      const port = await unusedPort();
      const environment = {
        ...unitEnvironment,
        PORT: String(port),
        DATABASE_PATH: asHere(unitEnvironment.DATABASE_PATH),
        PUBLIC_URL: 'https://avis.example.gouv.fr',
        TRUST_PROXY: '127.0.0.1',
        MAIL_SECRET: 'a'.repeat(64),
      };
      const startRuntime = () =>
        start(`node ${srv}/dist/server.js`, environment, /"msg":"database ready"/);

      const ran: string[] = [];
      let server = await (async () => {
        for (const command of commands) {
          if (runElsewhere[command]) continue;
          if (command.startsWith('deploy/build-runtime.sh') && ran.includes(command)) continue;
          ran.push(command);
          if (command.startsWith('deploy/build-runtime.sh')) {
            run(asHere(command), prebuiltSqliteBinding());
            // Production dependencies only: none of the build's tools.
            for (const tool of ['esbuild', 'vitest', 'typescript', '@biomejs/biome'])
              expect(existsSync(join(srv, 'node_modules', tool)), tool).toBe(false);
          } else if (command.includes('dist/cli.js restore')) {
            // The backup it restores: the nightly one's command, run now.
            const file = / restore (\S+)$/.exec(command)?.[1] as string;
            const server = await startRuntime();
            run(
              `node ${srv}/dist/cli.js procedure create --name "Demande de passeport"`,
              environment,
            );
            const backup = JSON.parse(
              run(`node ${srv}/dist/cli.js backup ${asHere(file)}`, environment),
            );
            expect(backup).toMatchObject({ backup: asHere(file), checked: true });
            await stop(server.child);
            const restored = JSON.parse(run(asHere(command), environment));
            expect(restored).toMatchObject({ restored: asHere(file), procedures: 1 });
          } else {
            throw new Error(`A README command nothing runs: ${command}`);
          }
        }
        return startRuntime();
      })();
      expect(ran.some((command) => command.startsWith('deploy/build-runtime.sh'))).toBe(true);
      expect(ran.some((command) => command.includes('restore'))).toBe(true);

      for (const path of ['/readyz', '/widget.js', '/dashboard/', '/resultats', '/docs']) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(response.status, path).toBe(200);
      }
      await stop(server.child);
      server = await startRuntime();
      await stop(server.child);
    },
    15 * 60_000,
  );

  it('reads every mail of the demo in MailDev, HTML and text', async () => {
    const [maildevCommand, demoCommand] = commandsOf('**Reading every mail in development.**');
    expect(maildevCommand).toMatch(/^npx maildev /);
    const [smtp, web, demoPort] = [await unusedPort(), await unusedPort(), await unusedPort()];
    // Its ports free ones, and the mails it keeps in this test's folder.
    const mails = join(dirname(copy), 'maildev');
    await start(
      `${maildevCommand} --smtp ${smtp} --web ${web} --mail-directory ${mails}`,
      {},
      /Press Ctrl\+C to stop/,
    );
    const demo = await start(
      (demoCommand as string).replace('127.0.0.1:1025', `127.0.0.1:${smtp}`),
      { PORT: String(demoPort) },
      listening,
    );
    const origin = `http://localhost:${demoPort}`;
    const asked = await fetch(`http://127.0.0.1:${demoPort}/api/v1/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'demo@example.gouv.fr' }),
    });
    expect(asked.status).toBe(202);
    type Mail = { subject: string; html?: string; text?: string; to: { address: string }[] };
    let received: Mail[] = [];
    for (let tries = 0; tries < 100 && received.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      received = await (await fetch(`http://127.0.0.1:${web}/api/email`)).json();
    }
    expect(received).toHaveLength(1);
    const [mail] = received as [Mail];
    expect(mail.to).toEqual([expect.objectContaining({ address: 'demo@example.gouv.fr' })]);
    expect(mail.subject).toContain('mot de passe');
    expect(mail.html).toContain('lang="fr"');
    expect(mail.text).toContain(`${origin}/dashboard/`);
    await stop(demo.child);
  }, 120_000);
});
