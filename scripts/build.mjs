// Builds everything `npm start` serves into dist/. esbuild only transpiles and bundles (about
// 30 ms, so start and cli rebuild every time and never run stale code); `npm run typecheck` is
// what checks types.
//   --quiet  print nothing on success
import { build } from 'esbuild';

const args = new Set(process.argv.slice(2));
const entryPoints = { server: 'server/src/server.ts', cli: 'server/src/cli.ts' };
const outputs = Object.keys(entryPoints).map((name) => `dist/${name}.js`);

const started = performance.now();
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules: better-sqlite3 is native, and the others are not ours.
  packages: 'external',
  loader: { '.sql': 'text' },
  sourcemap: true,
  logLevel: 'warning',
});
if (!args.has('--quiet')) {
  console.log(`built ${outputs.join(', ')} in ${Math.round(performance.now() - started)} ms`);
}
