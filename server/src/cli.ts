import { fileURLToPath } from 'node:url';
import { runCli } from './cli/run-cli.ts';
import { ConfigError, configFromEnvironment } from './config.ts';

try {
  const code = await runCli(process.argv.slice(2), configFromEnvironment(), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
  process.exitCode = code;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
