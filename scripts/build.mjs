// Builds everything `npm start` serves into dist/: the server and CLI bundles, and the widget.
// esbuild only transpiles and bundles (well under a second, so start and cli rebuild every time
// and never run stale code); `npm run typecheck` is what checks types.
//   --quiet  print nothing on success
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { importTypeScript as importTypeScriptFile } from './import-typescript.mjs';

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
 * The widget: two minified IIFEs, the button a page names and the questionnaire it fetches, each
 * named after a hash of its content so it can be cached for a year, each with an SRI hash (the
 * embed code carries the button's, the button the questionnaire's). dist/widget/manifest.json tells the server and
 * the docs which file is current.
 */
async function buildWidget() {
  mkdirSync('dist/widget', { recursive: true });
  for (const old of readdirSync('dist/widget')) rmSync(`dist/widget/${old}`);

  // English and Spanish labels: side files, each fetched by the widget on pages of its language
  // only. Values alone, in the order of the French labels' keys, which the widget puts back
  // (main.tsx): the keys were a quarter of each file (English: 763 B gzip, 586 B without).
  const { fr, en, es } = await importTypeScript('common/questionnaire-words.ts');
  const valuesOf = (reference, labels) =>
    reference.slice
      ? labels
      : Object.keys(reference).map((key) => valuesOf(reference[key], labels[key]));
  const sideFiles = { en: JSON.stringify(valuesOf(fr, en)), es: JSON.stringify(valuesOf(fr, es)) };
  // One hash for both: the widget names either as widget-{lang}.{hash}.json.
  const labelsHash = contentHash(Object.values(sideFiles).join());
  const labelFiles = Object.entries(sideFiles).map(([lang, json]) => {
    const file = `widget-${lang}.${labelsHash}.json`;
    writeFileSync(`dist/widget/${file}`, json);
    return file;
  });

  const minifiedCss = async (file) =>
    (await transform(readFileSync(file, 'utf8'), { loader: 'css', minify: true })).code.trim();
  const bundle = async (entryPoint, define) => {
    const result = await build({
      entryPoints: [entryPoint],
      bundle: true,
      format: 'iife',
      minify: true,
      // Browsers of 2020 (Safari 14, Chrome 80): old phones included, no syntax lowering needed.
      target: 'es2020',
      // Classic h() calls: 180 B gzip smaller than the automatic runtime's children arrays.
      jsx: 'transform',
      jsxFactory: 'h',
      jsxFragment: 'Fragment',
      define,
      // Short names for the labels' keys and the questionnaire's members, which no other code
      // reads by name: not the keys that are also answer fields (help, comment…), DOM methods
      // (open, close) or outcomes (sent: looked up as t[outcome]). The side files have no keys.
      mangleProps:
        /^(satisfactionAnswers|helpChannels|anonymous|clarityEnds|severalAnswers|withAdministration|helpQualityAnswers|commentHint|charactersLeft|chooseAnswer|thanks|results|firstChoice|heading|toggleHelp)$/,
      legalComments: 'none',
      write: false,
      logLevel: 'warning',
    });
    return result.outputFiles[0].contents;
  };
  const integrityOf = (code) => `sha384-${createHash('sha384').update(code).digest('base64')}`;

  // The questionnaire, fetched by the button on the first sign of intent (widget/src/main.ts).
  const form = await bundle('widget/src/form.tsx', {
    FORM_CSS: JSON.stringify(await minifiedCss('widget/src/form.css')),
  });
  const formFile = `widget-form.${contentHash(form)}.js`;
  writeFileSync(`dist/widget/${formFile}`, form);
  // The file a page names: the button alone, which knows the questionnaire's file and hash.
  const code = await bundle('widget/src/main.ts', {
    BUTTON_CSS: JSON.stringify(await minifiedCss('widget/src/button.css')),
    FORM_FILE: JSON.stringify(formFile),
    FORM_INTEGRITY: JSON.stringify(integrityOf(form)),
    LABELS_HASH: JSON.stringify(labelsHash),
  });
  const file = `widget.${contentHash(code)}.js`;
  writeFileSync(`dist/widget/${file}`, code);

  // The hosted no-JavaScript page wears the widget's styles, plus its own and the header's.
  const siteHeaderCss = readFileSync('common/site-header.css', 'utf8');
  const pageCss = await transform(
    readFileSync('widget/src/button.css', 'utf8') +
      readFileSync('widget/src/form.css', 'utf8') +
      readFileSync('server/src/pages/hosted-page.css', 'utf8') +
      siteHeaderCss,
    { loader: 'css', minify: true },
  );
  const pageStylesheet = `page.${contentHash(pageCss.code)}.css`;
  writeFileSync(`dist/widget/${pageStylesheet}`, pageCss.code);

  // The public results pages (/resultats) have a stylesheet of their own.
  const resultsCss = await transform(
    readFileSync('server/src/pages/results-page.css', 'utf8') + siteHeaderCss,
    { loader: 'css', minify: true },
  );
  const resultsStylesheet = `results.${contentHash(resultsCss.code)}.css`;
  writeFileSync(`dist/widget/${resultsStylesheet}`, resultsCss.code);

  // The State's brand block (the Marianne and the motto, drawn by the DSFR's logo rules), which
  // the server-rendered pages link only when the State runs the service (OPERATOR_KIND=state):
  // 12 KB that nobody else downloads.
  const logoCss = readFileSync('node_modules/@gouvfr/dsfr/dist/component/logo/logo.main.min.css');
  const logoStylesheet = `logo.${contentHash(logoCss)}.css`;
  writeFileSync(`dist/widget/${logoStylesheet}`, logoCss);

  const manifest = {
    file,
    integrity: integrityOf(code),
    formFile,
    pageStylesheet,
    resultsStylesheet,
    logoStylesheet,
    files: [file, formFile, ...labelFiles, pageStylesheet, resultsStylesheet, logoStylesheet],
  };
  writeFileSync('dist/widget/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The dashboard, measured by Lighthouse (BENCHMARKS.md): what the log-in page needs and nothing
 * more. ES modules split by esbuild: the procedure page, chart.js (a 53 KB brotli chunk) where a
 * chart is drawn, the administration page for admins, each loaded when shown. One stylesheet:
 * DSFR core and the components used, purged of the rules, variables and fonts no source names
 * (scripts/purge-css.ts), then ours. Everything is named after its content (cached a year) and
 * written beside its brotli and gzip copies, which the server sends as they are. The HTML pages
 * (one per kind of first screen, chosen by server/src/features/dashboard/dashboard-route.ts) name those files.
 */
async function buildDashboard() {
  // Built beside, then put in place at once: tests and servers running meanwhile read dist/.
  const out = `dist/dashboard.${process.pid}.tmp`;
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: 'dashboard/src/main.tsx' },
    outdir: out,
    entryNames: '[name].[hash]',
    chunkNames: '[name].[hash]',
    assetNames: 'assets/[name].[hash]',
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' },
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const relative = (path) => path.slice(path.lastIndexOf(`${out}/`) + out.length + 1);
  const files = new Map(
    result.outputFiles.map((file) => [relative(file.path), Buffer.from(file.contents)]),
  );

  // The stylesheet, purged against every word of the dashboard's sources (its own stylesheet
  // included, so classes assembled at run time, `level-${level}`, stay), of its pages and of the
  // header the server adds to them.
  const sources = readdirSync('dashboard/src', { recursive: true })
    .filter((file) => /\.(tsx?|css)$/.test(file))
    .map((file) => readFileSync(`dashboard/src/${file}`, 'utf8'));
  const bundled = [...files.keys()].find((file) => file.endsWith('.css'));
  const { purgeCss, wordsOf } = await importTypeScript('scripts/purge-css.ts');
  const css = purgeCss(
    files.get(bundled).toString(),
    wordsOf([
      ...sources,
      dashboardPage({ stylesheet: '', script: '', fonts: [], modules: [] }),
      // The header the server puts in the dashboard's pages, in either mode.
      readFileSync('server/src/pages/site-header.ts', 'utf8'),
    ]),
  );
  files.delete(bundled);
  const stylesheet = `app.${contentHash(css)}.css`;
  files.set(stylesheet, Buffer.from(css));

  // Fonts and icons of purged rules (and the WOFF copies of WOFF2 fonts) are never asked for.
  const texts = [...files].filter(([file]) => /\.(js|css)$/.test(file));
  for (const file of files.keys()) {
    const name = file.slice('assets/'.length);
    if (file.startsWith('assets/') && !texts.some(([, text]) => text.includes(name))) {
      files.delete(file);
    }
  }

  // The modules each first screen needs at once, so that the browser fetches them together
  // instead of discovering each from the one before: the entry's static imports (code esbuild
  // shares between the entry and the pages loaded on demand), and on a procedure's page that
  // page's own chunk. Not chart.js: it runs when the chart is scrolled to, and fetched along
  // with the rest it delayed the page's largest paint (Lighthouse: 2.4 s, 2.05 s without).
  const outputs = result.metafile.outputs;
  const chunkOf = (entryPoint) =>
    relative(Object.keys(outputs).find((path) => outputs[path].entryPoint === entryPoint));
  const withImports = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const { path, kind } of outputs[`${out}/${file}`].imports) {
      if (kind === 'import-statement') withImports(relative(path), seen);
    }
    return seen;
  };
  const script = chunkOf('dashboard/src/main.tsx');
  const shared = [...withImports(script)].slice(1);
  const procedure = [...withImports(chunkOf('dashboard/src/pages/procedure.tsx'))].filter(
    (file) => file !== script && !shared.includes(file),
  );
  // The three faces every page draws with (Marianne 400, 500, 700), asked for as the page is
  // read instead of once the app has drawn its first text: under Lighthouse the log-in page's
  // first paint went from 1.2 to 1.8 s depending on the run, to 1.2 s every run, and the text no
  // longer moves when they arrive.
  const fonts = [...files.keys()].filter((file) =>
    /^assets\/Marianne-(Regular|Medium|Bold)\.\w+\.woff2$/.test(file),
  );
  const page = (modules, signedOut) =>
    dashboardPage({ stylesheet, script, fonts, modules, signedOut });
  const pages = {
    'index.html': page(shared),
    'procedure.html': page([...shared, ...procedure]),
    'signed-out.html': page(shared, true),
  };
  for (const [file, html] of Object.entries(pages)) files.set(file, Buffer.from(html));

  mkdirSync(`${out}/assets`, { recursive: true });
  for (const [file, contents] of files) {
    writeFileSync(`${out}/${file}`, contents);
    // Not the HTML pages: the server adds the header to them, then compresses them itself.
    if (!/\.(js|css|svg)$/.test(file)) continue;
    for (const [extension, compressed] of [
      ['br', brotli(contents)],
      ['gz', gzipSync(contents, { level: 9 })],
    ]) {
      // A 150-byte icon may come out larger: then the server sends it as it is.
      if (compressed.length < contents.length)
        writeFileSync(`${out}/${file}.${extension}`, compressed);
    }
  }
  // Another build may put its own in place between the two steps: then this one goes again.
  for (let attempt = 1; ; attempt++) {
    rmSync('dist/dashboard', { recursive: true, force: true });
    try {
      renameSync(out, 'dist/dashboard');
      break;
    } catch (error) {
      if (attempt === 5 || !['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
    }
  }
}

/**
 * A first screen of the dashboard. `signedOut`: the request had no session cookie, so the app
 * shows the log-in form at once instead of asking the server who is signed in (a round trip,
 * and a 401 in the console, before the form).
 */
function dashboardPage({ stylesheet, script, fonts, modules, signedOut = false }) {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Je donne mon avis – tableau de bord</title>
<meta name="description" content="Les indicateurs de satisfaction et les avis des usagers sur vos démarches en ligne.">
<link rel="icon" href="data:,">
${fonts.map((file) => `<link rel="preload" href="/dashboard/${file}" as="font" type="font/woff2" crossorigin>\n`).join('')}<link rel="stylesheet" href="/dashboard/${stylesheet}">
<script type="module" src="/dashboard/${script}"></script>
${modules.map((file) => `<link rel="modulepreload" href="/dashboard/${file}">\n`).join('')}</head>
<body>
<div id="app"${signedOut ? ' data-signed-out' : ''}></div>
</body>
</html>
`;
}

/** A module of ours written in TypeScript, for this plain-JS script (scripts/import-typescript.mjs). */
async function importTypeScript(path) {
  // Each build runs in its own folder: tests and benchmarks may build at the same time.
  const dir = mkdtempSync('dist/build-');
  try {
    return await importTypeScriptFile(path, `${dir}/${path.replace(/\W+/g, '-')}.mjs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function brotli(contents) {
  return brotliCompressSync(contents, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  });
}

function contentHash(content) {
  return createHash('sha256').update(content).digest('hex').slice(0, 8);
}
