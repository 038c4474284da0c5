import { fileURLToPath } from 'node:url';
import { runCli } from './cli/run-cli.ts';
import { ConfigError, configFromEnvironment } from './config.ts';

try {
  const io = {
    out: (text: string) => process.stdout.write(`${text}\n`),
    err: (text: string) => process.stderr.write(`${text}\n`),
  };
  // dist/cli.js reads the widget build beside it, in dist/widget.
  const widgetDir = fileURLToPath(new URL('./widget/', import.meta.url));
  process.exitCode = await runCli(process.argv.slice(2), configFromEnvironment(), io, widgetDir);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
