import { fileURLToPath } from 'node:url';
import { terminalProgress } from './cli/progress.ts';
import { runCli } from './cli/run-cli.ts';
import { ConfigError, configFromEnvironment, passwordFromEnvironment } from './config.ts';

try {
  const io = {
    out: (text: string) => process.stdout.write(`${text}\n`),
    err: (text: string) => process.stderr.write(`${text}\n`),
    password: async () => passwordFromEnvironment() ?? (await askPassword()),
    progress: (label: string) => terminalProgress(process.stderr, label),
  };
  // dist/cli.js reads the widget build beside it, in dist/widget.
  const widgetDir = fileURLToPath(new URL('./widget/', import.meta.url));
  process.exitCode = await runCli(process.argv.slice(2), configFromEnvironment(), io, widgetDir);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}

/** Asks on the terminal without echoing what is typed. */
async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('Set AVIS_PASSWORD, or run this in a terminal.');
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: true,
  });
  const write = (terminal as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  process.stderr.write('Password (12 characters or more): ');
  (terminal as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  try {
    return await terminal.question('');
  } finally {
    (terminal as unknown as { _writeToOutput: typeof write })._writeToOutput = write;
    terminal.close();
    process.stderr.write('\n');
  }
}
