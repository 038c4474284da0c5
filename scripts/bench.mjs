// npm run bench [-- --quick] [-- --only=ingestion,export]: every benchmark (or those named), in this process, printed as tables. Sources are
// TypeScript; esbuild bundles each one to a temporary file first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript } from './import-typescript.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
// The export benchmark runs the built server.
execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const benches = [
  ['Ingestion at 50 connections (10 s; --quick: 3 s)', 'scripts/bench/ingestion.ts'],
  ['Comment scrubbing on adversarial input', 'scripts/bench/scrub.ts'],
  [
    'CSV and Excel exports through the server (1 million answers; --quick: 100,000)',
    'scripts/bench/export.ts',
  ],
  ['Stats and procedure page (1 million answers; --quick: 100,000)', 'scripts/bench/dashboard.ts'],
  [
    'Seeding and stats at scale (1 and 10 million answers; --quick: 100,000 and 1 million)',
    'scripts/bench/scale.ts',
  ],
  [
    'Terms and themes of 12 months of comments (150,000; --quick: 15,000)',
    'scripts/bench/topics.ts',
  ],
  [
    'Public results with 1,000 published procedures (1 million answers; --quick: 200,000)',
    'scripts/bench/results.ts',
  ],
  [
    'The whole bench on a national database: 1,000 public procedures, 100 k, 1 M and 10 M answers (--quick: 100 k; BENCH_SIZES, BENCH_DATABASES)',
    'scripts/bench/national.ts',
  ],
  [
    'The Observatoire at 10,000 procedures (1 million answers; --quick: 1,000 and 50,000; BENCH_PROCEDURES, BENCH_ANSWERS, BENCH_DATABASES)',
    'scripts/bench/observatoire.ts',
  ],
  [
    'A log-in alone and during 40 made-up invitation acceptances (--quick: 10)',
    'scripts/bench/sign-in-under-load.ts',
  ],
  ['Widget first render in Chromium (hosted page)', 'scripts/bench/widget.ts'],
  [
    'Lighthouse 12, mobile (simulated slow 4G, 4× CPU), two runs a page',
    'scripts/bench/lighthouse.ts',
  ],
];

// Inside the project, so that the bundles find node_modules.
const dir = mkdtempSync('dist/bench-');
try {
  for (const [title, entry] of benches) {
    if (only && !only.some((name) => entry.endsWith(`/${name}.ts`))) continue;
    const outfile = join(dir, `${title.replace(/\W+/g, '-')}.mjs`);
    const { default: run } = await importTypeScript(entry, outfile);
    console.log(`\n${title}${quick ? ' (quick)' : ''}`);
    const result = await run(quick);
    // A benchmark may print its own table (Lighthouse's is markdown, for BENCHMARKS.md).
    if (typeof result === 'string') console.log(result);
    else console.table(result);
  }
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
