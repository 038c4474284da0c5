// npm run size: what a browser downloads, raw, gzip and brotli, and a failure above a budget
// (docs/design.md §3, Plausible-style byte budgets): the widget before the first click, and the
// dashboard's first load (issue 13, measured with Lighthouse in BENCHMARKS.md).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { importTypeScript } from './import-typescript.mjs';

/**
 * What the button mode loads before the first click: the button alone, 4 KB gzip in every
 * language (issue 26; it was 10 KB with the questionnaire in it, issue 4).
 */
const widgetBudgetGzip = 4_000;
/** The questionnaire, fetched on intent (10 KB gzip in all before issue 26 split it out). */
const questionnaireBudgetGzip = 12_000;
/**
 * The dashboard's log-in page, gzip (what any browser accepts; brotli is ~10 % less): its
 * scripts and its stylesheet, with some headroom over what they weigh after issue 13 (12.8 KB
 * and 6.1 KB; 212 KB and 347 KB uncompressed before). A procedure's page adds its own code and
 * chart.js (~64 KB gzip), loaded there only.
 */
const dashboardScriptBudgetGzip = 15_000;
const dashboardStylesheetBudgetGzip = 7_500;
/** A procedure's page, chart.js included: 77 KB gzip after issue 13, so chart.js cannot grow unseen. */
const procedurePageScriptBudgetGzip = 90_000;

const overBudget = [];

// The widget: compressed here at the server's settings (it compresses the widget at start).
const widgetDir = 'dist/widget';
const manifest = JSON.parse(readFileSync(`${widgetDir}/manifest.json`, 'utf8'));
const sideFile = (lang) => manifest.files.find((file) => file.startsWith(`widget-${lang}.`));
const compressed = (raw) => ({
  raw: raw.length,
  gzip: gzipSync(raw, { level: 9 }).length,
  brotli: brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).length,
});
const compressNow = (files) =>
  sum(files.map((file) => compressed(readFileSync(`${widgetDir}/${file}`))));
// Side files and the questionnaire are fetched on intent only: before it, every language loads
// the same file.
const widgetRows = [['the button (any language)', compressNow([manifest.file])]];
console.log('what the button mode downloads before the first click, in bytes:');
console.table(Object.fromEntries(widgetRows));
const worst = Math.max(...widgetRows.map(([, size]) => size.gzip));
console.log(`largest: ${worst} B gzip; budget ${widgetBudgetGzip} B gzip`);
const wantedRows = [
  ['French page', compressNow([manifest.file, manifest.formFile])],
  ['English page', compressNow([manifest.file, manifest.formFile, sideFile('en')])],
  ['Spanish page', compressNow([manifest.file, manifest.formFile, sideFile('es')])],
];
console.log('\nonce the questionnaire is wanted (pointer over the button, focus, or inline mode):');
console.table(Object.fromEntries(wantedRows));
const worstWanted = Math.max(...wantedRows.map(([, size]) => size.gzip));
console.log(`largest: ${worstWanted} B gzip; budget ${questionnaireBudgetGzip} B gzip`);
check(
  'questionnaire',
  worstWanted,
  questionnaireBudgetGzip,
  'it is fetched as the person reaches for it',
);
check('widget', worst, widgetBudgetGzip, 'every byte is paid by citizens on slow phones');

// The dashboard: the files as the server sends them, beside their build-time .br and .gz copies
// (a WOFF2 font has none: it is sent as it is).
const dashboardDir = 'dist/dashboard';
const sent = (file) => {
  const path = `${dashboardDir}/${file}`;
  const raw = readFileSync(path).length;
  const copy = (extension) =>
    existsSync(`${path}.${extension}`) ? readFileSync(`${path}.${extension}`).length : raw;
  return { raw, gzip: copy('gz'), brotli: copy('br') };
};
/** The files a page of the build names: stylesheet, script, the modules and fonts it preloads. */
const named = (page) => {
  const html = readFileSync(`${dashboardDir}/${page}`, 'utf8');
  const files = [...html.matchAll(/(?:href|src)="\/dashboard\/([^"]+)"/g)].map((m) => m[1]);
  return {
    html: [page],
    scripts: files.filter((file) => file.endsWith('.js')),
    stylesheets: files.filter((file) => file.endsWith('.css')),
    fonts: files.filter((file) => file.endsWith('.woff2')),
  };
};
const login = named('signed-out.html');
const procedure = named('procedure.html');
// Fetched by a procedure's page when its chart is scrolled to, by no other page.
const chart = readdirSync(dashboardDir).find((file) => /^chart\.\w+\.js$/.test(file));
// The pages get the service's header at start (server/src/features/dashboard/dashboard-route.ts),
// and are compressed then, as here: measured in the State's mode, the larger, whose brand block
// also brings the DSFR's logo rules (a stylesheet of the widget build, no other mode loads it).
const dir = mkdtempSync('dist/size-');
const { siteHeader } = await importTypeScript(
  'server/src/pages/site-header.ts',
  `${dir}/site-header.mjs`,
).finally(() => rmSync(dir, { recursive: true, force: true }));
const stateHeader = siteHeader(
  { state: true, name: 'Ministère de l’Intérieur et des Outre-mer' },
  { home: '/dashboard/' },
);
const servedPage = (page) =>
  compressed(
    Buffer.from(
      readFileSync(`${dashboardDir}/${page}`, 'utf8')
        .replace('</head>', `<link rel="stylesheet" href="/${manifest.logoStylesheet}">\n</head>`)
        .replace('<body>\n', `<body>\n${stateHeader}\n`),
    ),
  );
const loginRows = {
  'log-in page: HTML, State’s header': sum(login.html.map(servedPage)),
  'log-in page: scripts': sum(login.scripts.map(sent)),
  'log-in page: stylesheet': sum(login.stylesheets.map(sent)),
  'log-in page: fonts (Marianne 400, 500, 700)': sum(login.fonts.map(sent)),
  'log-in page: the State’s brand block (logo.css)': compressNow([manifest.logoStylesheet]),
};
const dashboardRows = {
  ...loginRows,
  'log-in page: everything': sum(Object.values(loginRows)),
  'procedure page: scripts, chart.js included': sum([...procedure.scripts, chart].map(sent)),
};
console.log('\nwhat the dashboard downloads on a first visit, in bytes:');
console.table(dashboardRows);
const scripts = loginRows['log-in page: scripts'].gzip;
const stylesheet = loginRows['log-in page: stylesheet'].gzip;
console.log(
  `log-in page: scripts ${scripts} B gzip, budget ${dashboardScriptBudgetGzip} B; stylesheet ${stylesheet} B gzip, budget ${dashboardStylesheetBudgetGzip} B`,
);
check('dashboard scripts', scripts, dashboardScriptBudgetGzip, 'chart.js or a page loaded early?');
check('dashboard stylesheet', stylesheet, dashboardStylesheetBudgetGzip, 'DSFR CSS not purged?');
const procedureScripts = dashboardRows['procedure page: scripts, chart.js included'].gzip;
console.log(
  `procedure page: scripts ${procedureScripts} B gzip, budget ${procedurePageScriptBudgetGzip} B`,
);
check(
  'procedure page scripts',
  procedureScripts,
  procedurePageScriptBudgetGzip,
  'more of chart.js registered?',
);

if (overBudget.length > 0) {
  for (const message of overBudget) console.error(message);
  process.exit(1);
}

function sum(sizes) {
  return Object.fromEntries(
    ['raw', 'gzip', 'brotli'].map((k) => [k, sizes.reduce((total, s) => total + s[k], 0)]),
  );
}

function check(what, size, budget, hint) {
  if (size > budget) overBudget.push(`${what}: over budget by ${size - budget} B (${hint})`);
}
