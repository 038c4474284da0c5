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
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedPort } from '../fixtures/unused-port.ts';

/**
 * The README's commands, read from its code blocks and run as written, in a fresh copy of this
 * checkout (its tracked files, sharing node_modules): the quick start, «En production» and
 * reading mails with MailDev. The differences, each said where it is made: ports are free ones
 * (3000, 1025 and 1080 may be taken on a shared machine); paths of the production install
 * (/srv/avis, /var/lib/avis, /etc/avis, /usr/local/sbin) are temporary folders, and
 * /usr/bin/node the Node.js running the tests; files are not given the group avis; and
 * systemd-run, which avis-cli and the service's unit need systemd as PID 1 for, is a stand-in
 * that applies a unit's settings as systemd does (below), without changing user. A command no
 * test machine can run (root's systemctl, useradd…) is named below with what checks it instead;
 * any other command of those sections must run here, so a command added to the README without a
 * test fails this file.
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
  'systemctl start avis-backup.service':
    'systemd as PID 1; here avis-cli backup, its command with the same settings',
  'systemctl restart avis': 'systemd as PID 1',
  'git fetch --tags': 'a release to come; upgrade.test.ts opens the previous release’s databases',
  'git checkout v0.2.0': 'as above',
};

const split = (commands: string[]) => commands.flatMap((command) => command.split(' && '));

/**
 * systemd-run as a test machine can play it, for deploy/avis-cli and the service's unit: the
 * command gets systemd's PATH and nothing else of the caller's environment, then the units'
 * `Environment=`, then its `EnvironmentFile=` over them (systemd's order), read with systemd's
 * rules for that file (comments, quotes); its working directory and umask. Its user stays the
 * test's. An option or property it does not play stops it, so that a setting added to avis-cli
 * is played here too. A signal to the test's process group reaches the command as well: it
 * waits for the command to end, and ends with its status.
 */
const systemdRunStandIn = `#!${process.execPath}
const { spawn } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { constants } = require('node:os');

const args = process.argv.slice(2);
const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
const files = [];
let cwd = '/';
const unquote = (text) => text.replace(/^"(.*)"$|^'(.*)'$/s, '$1$2');
const words = (text) =>
  [...text.matchAll(/(?:[^\\s"']+|"[^"]*"|'[^']*')+/g)].map(([word]) =>
    word.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'),
  );
const assign = (pair) => {
  const at = pair.indexOf('=');
  env[pair.slice(0, at).trim()] = pair.slice(at + 1);
};
const property = (setting) => {
  const at = setting.indexOf('=');
  const [name, value] = [setting.slice(0, at), setting.slice(at + 1)];
  if (name === 'Environment') words(value).forEach(assign);
  else if (name === 'EnvironmentFile') files.push(value);
  else if (name === 'UMask') process.umask(Number.parseInt(value, 8));
  else if (name === 'WorkingDirectory') cwd = value;
  else throw new Error('systemd-run stand-in: property ' + name + ' not played');
};
let next = 0;
for (; next < args.length && args[next].startsWith('-'); next++) {
  const arg = args[next];
  if (arg === '--') {
    next++;
    break;
  }
  if (['--quiet', '--wait', '--pipe', '--pty', '--collect'].includes(arg)) continue;
  if (/^--(uid|gid)=/.test(arg)) continue;
  if (arg === '-p' || arg === '--property') property(args[++next]);
  else if (arg.startsWith('--property=')) property(arg.slice('--property='.length));
  else if (arg.startsWith('--working-directory=')) cwd = arg.slice('--working-directory='.length);
  else throw new Error('systemd-run stand-in: option ' + arg + ' not played');
}
for (const file of files) {
  const path = file.replace(/^-/, '');
  if (file.startsWith('-') && !existsSync(path)) continue;
  for (const line of readFileSync(path, 'utf8').split('\\n')) {
    const text = line.trim();
    if (!text || text.startsWith('#') || text.startsWith(';') || !text.includes('=')) continue;
    const at = text.indexOf('=');
    env[text.slice(0, at).trim()] = unquote(text.slice(at + 1).trim());
  }
}
const [command, ...rest] = args.slice(next);
const child = spawn(command, rest, { cwd, env, stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => {});
child.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + constants.signals[signal]));
`;

/** A unit's `KEY=value` line of its [Service] section. */
const unitSetting = (unit: string, key: string) =>
  new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1] as string;

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
      const root = dirname(copy);
      const srv = join(root, 'srv', 'avis');
      const state = join(root, 'var', 'lib', 'avis');
      const sbin = join(root, 'usr', 'local', 'sbin');
      const standIns = join(root, 'stand-ins');
      for (const dir of [join(state, 'backups'), sbin, standIns])
        mkdirSync(dir, { recursive: true });
      writeFileSync(join(standIns, 'systemd-run'), systemdRunStandIn, { mode: 0o755 });
      const asHere = (text: string) =>
        text
          .replaceAll('/srv/avis', srv)
          .replaceAll('/var/lib/avis', state)
          .replaceAll('/etc/avis', join(root, 'etc', 'avis'))
          .replaceAll('/usr/local/sbin', sbin)
          .replaceAll('/usr/bin/node', process.execPath)
          .replaceAll(' -g avis ', ' ');
      // root's PATH has /usr/local/sbin, where avis-cli goes.
      const path = { PATH: `${sbin}:${standIns}:${process.env.PATH}` };
      const port = await unusedPort();
      // The service as its unit says, through the same stand-in as avis-cli.
      const unit = readFileSync(join(copy, 'deploy/avis.service'), 'utf8');
      const service = asHere(
        `systemd-run --quiet --pipe --working-directory=${unitSetting(unit, 'WorkingDirectory')} ` +
          `--property=UMask=${unitSetting(unit, 'UMask')} ` +
          `--property='Environment=${unitSetting(unit, 'Environment')}' ` +
          `--property=EnvironmentFile=${unitSetting(unit, 'EnvironmentFile')} ` +
          unitSetting(unit, 'ExecStart'),
      );
      const startRuntime = () => start(service, path, /"msg":"database ready"/);
      /** An avis-cli command, its paths the production install's; its JSON output. */
      const cli = (command: string) => JSON.parse(run(asHere(`avis-cli ${command}`), path));

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
          } else if (command.startsWith('install ')) {
            run(asHere(command));
            const installed = asHere(/ (\S+)$/.exec(command)?.[1] as string);
            if (installed.endsWith('/avis.env')) {
              // The example's settings, on a free port (the file's settings win over the unit's).
              writeFileSync(installed, `${readFileSync(installed, 'utf8')}\nPORT=${port}\n`);
            } else if (installed.endsWith('/avis-cli')) {
              // Its paths, this test's.
              writeFileSync(installed, asHere(readFileSync(installed, 'utf8')));
            }
          } else if (command.startsWith('avis-cli restore ')) {
            // The backup it restores, made now as an operator would, then an answerless change
            // after it, which the restore must take away.
            const backup = / restore (\S+)$/.exec(command)?.[1] as string;
            const file = asHere(backup);
            const server = await startRuntime();
            cli('procedure create --name "Demande de passeport"');
            expect(cli(`backup ${backup}`)).toMatchObject({ backup: file, checked: true });
            cli('procedure create --name "Carte grise"');
            await stop(server.child);
            const restored = JSON.parse(run(asHere(command), path));
            // Into the service's database, which it kept beside it.
            const database = asHere(
              unitSetting(unit, 'Environment').replace(/^.*DATABASE_PATH=/, ''),
            );
            expect(restored).toMatchObject({ restored: file, database, procedures: 1 });
            expect(existsSync(restored.replaced), restored.replaced).toBe(true);
          } else {
            throw new Error(`A README command nothing runs: ${command}`);
          }
        }
        return startRuntime();
      })();
      expect(ran.some((command) => command.startsWith('deploy/build-runtime.sh'))).toBe(true);
      expect(ran.some((command) => command.includes('avis-cli restore'))).toBe(true);
      // The running service reads what was restored.
      expect(cli('procedure list').map(({ name }: { name: string }) => name)).toEqual([
        'Demande de passeport',
      ]);

      for (const page of ['/readyz', '/widget.js', '/dashboard/', '/resultats', '/docs']) {
        const response = await fetch(`http://127.0.0.1:${port}${page}`);
        expect(response.status, page).toBe(200);
      }
      await stop(server.child);
      server = await startRuntime();
      await stop(server.child);
    },
    15 * 60_000,
  );

  it('deploy/avis-cli runs the CLI as avis.service runs the server: user, folder, settings', () => {
    // A systemd-run that prints what it is asked, as the shell split it.
    const dir = join(dirname(copy), 'printing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'systemd-run'), '#!/bin/sh\nprintf "%s\\0" "$@"\n', { mode: 0o755 });
    const asked = execFileSync('sh', ['deploy/avis-cli', 'restore', 'FILE'], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      encoding: 'utf8',
    })
      .split('\0')
      .slice(0, -1);
    const unit = readFileSync('deploy/avis.service', 'utf8');
    const setting = (key: string) => unitSetting(unit, key);
    expect(asked).toEqual(
      expect.arrayContaining([
        '--wait',
        `--uid=${setting('User')}`,
        `--gid=${setting('Group')}`,
        `--working-directory=${setting('WorkingDirectory')}`,
        `--property=UMask=${setting('UMask')}`,
        `--property=Environment=${setting('Environment')}`,
        `--property=EnvironmentFile=${setting('EnvironmentFile')}`,
      ]),
    );
    const [node, script] = setting('ExecStart').split(' ');
    expect(asked.slice(-4)).toEqual([
      node,
      script?.replace(/server\.js$/, 'cli.js'),
      'restore',
      'FILE',
    ]);
  });

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
