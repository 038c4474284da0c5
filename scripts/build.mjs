// Builds everything `npm start` serves into dist/: the server and CLI bundles, and the widget.
// esbuild only transpiles and bundles (well under a second, so start and cli rebuild every time
// and never run stale code); `npm run typecheck` is what checks types.
//   --quiet  print nothing on success
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build, transform } from 'esbuild';

const quiet = process.argv.includes('--quiet');
const started = performance.now();

await build({
  entryPoints: {
    server: 'server/src/server.ts',
    cli: 'server/src/cli.ts',
    demo: 'server/src/demo.ts',
  },
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

const widget = await buildWidget();
await buildDashboard();

if (!quiet) {
  const ms = Math.round(performance.now() - started);
  console.log(
    `built dist/server.js, dist/cli.js, dist/demo.js, dist/widget/${widget.file} in ${ms} ms`,
  );
}

/**
 * The widget: one minified IIFE, named after a hash of its content so it can be cached for a
 * year, with the SRI hash the embed code carries. dist/widget/manifest.json tells the server and
 * the docs which file is current.
 */
async function buildWidget() {
  mkdirSync('dist/widget', { recursive: true });
  for (const old of readdirSync('dist/widget')) rmSync(`dist/widget/${old}`);

  // English labels: a side file fetched by the widget on English pages only.
  const i18n = await transform(readFileSync('widget/src/i18n.ts', 'utf8'), { loader: 'ts' });
  const { en } = await import(`data:text/javascript,${encodeURIComponent(i18n.code)}`);
  const english = JSON.stringify(en);
  const englishFile = `widget-en.${contentHash(english)}.json`;
  writeFileSync(`dist/widget/${englishFile}`, english);

  const css = await transform(readFileSync('widget/src/widget.css', 'utf8'), {
    loader: 'css',
    minify: true,
  });
  const result = await build({
    entryPoints: ['widget/src/main.tsx'],
    bundle: true,
    format: 'iife',
    minify: true,
    // Browsers of 2020 (Safari 14, Chrome 80): old phones included, no syntax lowering needed.
    target: 'es2020',
    // Classic h() calls: 180 B gzip smaller than the automatic runtime's children arrays.
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    define: {
      WIDGET_CSS: JSON.stringify(css.code.trim()),
      ENGLISH_LABELS: JSON.stringify(englishFile),
    },
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  const file = `widget.${contentHash(code)}.js`;
  writeFileSync(`dist/widget/${file}`, code);

  // The hosted no-JavaScript page wears the widget's styles, plus its own.
  const pageCss = await transform(
    readFileSync('widget/src/widget.css', 'utf8') +
      readFileSync('server/src/pages/hosted-page.css', 'utf8'),
    { loader: 'css', minify: true },
  );
  const pageStylesheet = `page.${contentHash(pageCss.code)}.css`;
  writeFileSync(`dist/widget/${pageStylesheet}`, pageCss.code);

  const manifest = {
    file,
    integrity: `sha384-${createHash('sha384').update(code).digest('base64')}`,
    pageStylesheet,
    files: [file, englishFile, pageStylesheet],
  };
  writeFileSync('dist/widget/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The dashboard: one ES module and one stylesheet (DSFR core and the components used, then ours),
 * content-hashed, and the index.html that loads them. Marianne's fonts are copied beside.
 */
async function buildDashboard() {
  rmSync('dist/dashboard', { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: 'dashboard/src/main.tsx' },
    outdir: 'dist/dashboard',
    entryNames: '[name].[hash]',
    assetNames: 'assets/[name].[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) =>
    path.replace('dist/dashboard/', ''),
  );
  const script = outputs.find((file) => /^app\.\w+\.js$/.test(file));
  const stylesheet = outputs.find((file) => /^app\.\w+\.css$/.test(file));
  writeFileSync(
    'dist/dashboard/index.html',
    `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Je donne mon avis – tableau de bord</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/${stylesheet}">
<script type="module" src="/dashboard/${script}"></script>
</head>
<body>
<div id="app"></div>
</body>
</html>
`,
  );
}

function contentHash(content) {
  return createHash('sha256').update(content).digest('hex').slice(0, 8);
}
