// npm run size: what a citizen's browser downloads for the widget before the first click, raw,
// gzip and brotli, and a failure above the budget (DESIGN §3, Plausible-style byte budget).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** 10 KB gzip for everything the button mode loads before the first click (issue #4). */
const budgetGzip = 10_000;

const dir = 'dist/widget';
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
const english = manifest.files.find((file) => file.startsWith('widget-en.'));

const measure = (files) => {
  const sizes = files.map((file) => {
    const raw = readFileSync(`${dir}/${file}`);
    return {
      raw: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      }).length,
    };
  });
  return Object.fromEntries(
    ['raw', 'gzip', 'brotli'].map((k) => [k, sizes.reduce((sum, s) => sum + s[k], 0)]),
  );
};

const rows = [
  ['French page (widget)', measure([manifest.file])],
  ['English page (widget + English labels)', measure([manifest.file, english])],
];
console.log('what the button mode downloads before the first click, in bytes:');
console.table(Object.fromEntries(rows));
const worst = Math.max(...rows.map(([, size]) => size.gzip));
console.log(`largest: ${worst} B gzip; budget ${budgetGzip} B gzip`);
if (worst > budgetGzip) {
  console.error(
    `Over budget by ${worst - budgetGzip} B: every byte is paid by citizens on slow phones.`,
  );
  process.exit(1);
}
