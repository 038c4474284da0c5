// Scripts that run our TypeScript sources in Node 20 (benchmarks, the OpenAPI lint): esbuild
// bundles the entry to a temporary file inside the project, so that the bundle finds
// node_modules, then it is imported. Dependencies stay external, .sql files come in as text, as
// in scripts/build.mjs.
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Imports `entry` (a path, or `{ contents }` of TypeScript resolved from the project's root). */
export async function importTypeScript(entry, outfile) {
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
