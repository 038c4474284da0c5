import { describe, expect, it } from 'vitest';
import { purgeCss, wordsOf } from '../../scripts/purge-css.ts';

const words = wordsOf([
  `<button class="fr-btn fr-btn--sm" type="submit">`,
  `<input class="fr-input" aria-invalid="true">`,
]);

describe('purgeCss', () => {
  it('keeps the rules of classes the sources use, and only their used selectors', () => {
    expect(purgeCss('.fr-btn{color:red}.fr-card{color:blue}', words)).toBe('.fr-btn{color:red}');
    expect(purgeCss('.fr-btn--sm,.fr-btn--lg{padding:0}', words)).toBe('.fr-btn--sm{padding:0}');
    expect(purgeCss('.fr-btn.fr-btn--close{margin:0}', words)).toBe('');
    expect(purgeCss('a,button{margin:0}', words)).toBe('a,button{margin:0}');
  });

  it('ignores what sits inside :not(), which still matches the plain element', () => {
    expect(purgeCss('.fr-btn:not(.fr-btn--close):hover{color:red}', words)).toBe(
      '.fr-btn:not(.fr-btn--close):hover{color:red}',
    );
  });

  it('drops attribute selectors on attributes the sources never write, and icon classes', () => {
    expect(purgeCss('[data-fr-theme=dark] .fr-btn{color:#fff}', words)).toBe('');
    expect(purgeCss('.fr-input[aria-invalid=true]{color:red}', words)).toBe(
      '.fr-input[aria-invalid=true]{color:red}',
    );
    expect(purgeCss('.fr-btn[class*=" fr-icon-"]:before{content:""}', words)).toBe('');
    expect(purgeCss('.fr-btn[class^=fr-btn--]{margin:0}', words)).toBe(
      '.fr-btn[class^=fr-btn--]{margin:0}',
    );
  });

  it('drops at-rules left empty, and keeps the others whole', () => {
    expect(purgeCss('@media (min-width:48em){.fr-card{margin:0}}', words)).toBe('');
    expect(purgeCss('@media (min-width:48em){.fr-btn{margin:0}.fr-card{margin:0}}', words)).toBe(
      '@media (min-width:48em){.fr-btn{margin:0}}',
    );
    expect(purgeCss('@keyframes spin{from{rotate:0}to{rotate:1turn}}', words)).toBe(
      '@keyframes spin{from{rotate:0}to{rotate:1turn}}',
    );
  });

  it('keeps the custom properties a kept rule reads, through others too, and no other', () => {
    expect(
      purgeCss(':root{--a:red;--b:var(--c);--c:blue;--d:green}.fr-btn{color:var(--b)}', words),
    ).toBe(':root{--b:var(--c);--c:blue}.fr-btn{color:var(--b)}');
    expect(purgeCss(':root{--a:red}.fr-card{color:var(--a)}', words)).toBe('');
  });

  it('drops the font faces of families nothing names, and their WOFF copies', () => {
    const faces =
      '@font-face{font-family:Marianne;src:url("./m.woff2") format("woff2"),url("./m.woff") format("woff")}' +
      '@font-face{font-family:Spectral;src:url(./s.woff2) format("woff2")}';
    expect(
      purgeCss(`${faces}body{font-family:Marianne,arial}.fr-card{font-family:Spectral}`, words),
    ).toBe(
      '@font-face{font-family:Marianne;src:url("./m.woff2") format("woff2")}body{font-family:Marianne,arial}',
    );
  });

  it('reads braces and semicolons inside strings as text', () => {
    const css = '.fr-btn:before{content:"};{";background:url("data:image/svg+xml;a{b}")}';
    expect(purgeCss(css, words)).toBe(css);
  });
});
