import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { startServerProcess } from '../fixtures/server-process.ts';
import { temporaryDirectory } from '../helpers.ts';

/** The README's code block that follows `marker`, as a newcomer pastes it. */
function readmeBlock(marker: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(marker)))?.[1];
  if (!block) throw new Error(`no sh block after «${marker}» in README.md`);
  return block;
}

it('the quick start’s commands run as pasted: a procedure, its key kept, an answer, its stats', async () => {
  const env = { DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite') };
  const server = await startServerProcess(env);
  onTestFinished(async () => {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  });
  // Two changes only: the server's own port (3000 may be taken), and the CLI built once by the
  // test setup rather than again at each command (`npm run cli` builds, then runs dist/cli.js).
  const script = readmeBlock('Then, in another terminal, create a procedure')
    .replaceAll('http://127.0.0.1:3000', server.url)
    .replaceAll('npm run -s cli --', `${process.execPath} dist/cli.js`);
  const output = execFileSync('bash', ['-e', '-o', 'pipefail', '-c', script], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  const key = output.split('\n')[0];
  expect(key).toMatch(/^[a-z0-9]{10}$/);
  expect(output).toMatch(/^HTTP\/1\.1 201 /m);
  // curl's body has no line end: the stats' JSON follows it at once.
  const [, stats] = output.split('"status":"created"}');
  expect(JSON.parse(stats as string)).toMatchObject({ procedure: key, answers: 1 });
});
