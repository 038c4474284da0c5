// Drops from a stylesheet what a page can never use: rules whose classes or attributes appear
// nowhere in its sources, custom properties nothing reads, and font faces of families nothing
// names. Written for the DSFR, which ships every variant of each component and ~1,200 colour
// variables: the dashboard's stylesheet went from 347 KB to what `npm run size` reports.
// No imports: scripts/build.mjs loads this file through esbuild's transform.

/** A rule: `prelude { body }`, or an at-rule without a block (`@import …;`). */
type CssNode = { prelude: string; body: string | CssNode[] | null };

/** At-rules whose block holds rules (the others hold declarations or keyframes). */
const groupingRules = /^@(media|supports|layer|container|document)\b/i;

/**
 * The words of the sources (class names, attribute names, anything else), the way PurgeCSS's
 * default extractor reads them: `class="fr-btn fr-btn--sm"` gives `fr-btn` and `fr-btn--sm`.
 * A class assembled at run time (`level-${level}`) is not seen, so such classes must also be
 * written whole somewhere in the sources (the dashboard's own stylesheet, for instance).
 */
export function wordsOf(sources: string[]): Set<string> {
  const words = new Set<string>();
  for (const source of sources) {
    for (const word of source.match(/[A-Za-z0-9_-]+/g) ?? []) words.add(word);
  }
  return words;
}

/** The minified stylesheet without what `words` can never match; see the file's comment. */
export function purgeCss(css: string, words: Set<string>): string {
  const lower = new Set([...words].map((word) => word.toLowerCase()));
  const kept = keepUsedRules(parse(css), words, lower);
  const live = liveCustomProperties(kept);
  const families = namedFontFamilies(kept);
  return serialize(prune(kept, live, families));
}

function parse(css: string): CssNode[] {
  let at = 0;
  const nodes = (): CssNode[] => {
    const list: CssNode[] = [];
    while (at < css.length) {
      while (/\s/.test(css[at] ?? '')) at++;
      if (at >= css.length || css[at] === '}') {
        at++;
        return list;
      }
      const start = at;
      at = skipTo(css, at, '{;');
      const prelude = css.slice(start, at).trim();
      if (css[at] === ';') {
        at++;
        list.push({ prelude, body: null });
      } else if (groupingRules.test(prelude)) {
        at++;
        list.push({ prelude, body: nodes() });
      } else {
        const open = at + 1;
        at = skipBlock(css, at);
        list.push({ prelude, body: css.slice(open, at - 1) });
      }
    }
    return list;
  };
  return nodes();
}

/** The index of the first of `stops` outside strings, brackets and parentheses. */
function skipTo(css: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < css.length; i++) {
    const c = css[i] as string;
    if (c === '"' || c === "'") i = endOfString(css, i);
    else if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && stops.includes(c)) return i;
  }
  return css.length;
}

function endOfString(css: string, start: number): number {
  const quote = css[start];
  for (let i = start + 1; i < css.length; i++) {
    if (css[i] === '\\') i++;
    else if (css[i] === quote) return i;
  }
  return css.length;
}

/** From an opening brace to just after its closing brace (keyframes nest blocks). */
function skipBlock(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") i = endOfString(css, i);
    else if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return css.length;
}

/** Splits on `separator` outside strings, brackets and parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (
    let at = skipTo(text, 0, separator);
    at < text.length;
    at = skipTo(text, at + 1, separator)
  ) {
    parts.push(text.slice(start, at));
    start = at + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * A selector can match only if each of its classes and attributes is in the sources. What sits
 * inside `:not(…)` is ignored: `.fr-btn:not(.fr-btn--close)` still matches a plain `.fr-btn`.
 */
function selectorUsed(selector: string, words: Set<string>, lower: Set<string>): boolean {
  const positive = selector.replace(/:not\((?:[^()]|\([^()]*\))*\)/g, '');
  for (const [, name] of positive.matchAll(/\.((?:[\w-]|\\.)+)/g)) {
    if (!words.has((name as string).replace(/\\(.)/g, '$1'))) return false;
  }
  for (const [, name, operator, value] of positive.matchAll(
    /\[\s*([\w-]+)\s*(?:([~|^$*]?)=\s*["']?([^\]"']*)["']?\s*)?\]/g,
  )) {
    if (!lower.has((name as string).toLowerCase())) return false;
    // `[class*=" fr-icon-"]`: some word of the sources must contain that piece of a class.
    if (name === 'class' && value?.trim()) {
      const piece = value.trim();
      const match =
        operator === '^' ? (w: string) => w.startsWith(piece) : (w: string) => w.includes(piece);
      if (![...words].some(match)) return false;
    }
  }
  return true;
}

function keepUsedRules(nodes: CssNode[], words: Set<string>, lower: Set<string>): CssNode[] {
  const kept: CssNode[] = [];
  for (const node of nodes) {
    if (Array.isArray(node.body)) {
      const children = keepUsedRules(node.body, words, lower);
      if (children.length > 0) kept.push({ prelude: node.prelude, body: children });
    } else if (node.prelude.startsWith('@') || node.body === null) {
      kept.push(node);
    } else {
      const selectors = splitTopLevel(node.prelude, ',').filter((selector) =>
        selectorUsed(selector, words, lower),
      );
      if (selectors.length > 0) kept.push({ prelude: selectors.join(','), body: node.body });
    }
  }
  return kept;
}

function* declarationBlocks(nodes: CssNode[]): Generator<CssNode & { body: string }> {
  for (const node of nodes) {
    if (Array.isArray(node.body)) yield* declarationBlocks(node.body);
    else if (typeof node.body === 'string') yield node as CssNode & { body: string };
  }
}

const variableReferences = (value: string) =>
  [...value.matchAll(/var\(\s*(--[\w-]+)/g)].map((match) => match[1] as string);

/** Custom properties read by a kept declaration, directly or through other custom properties. */
function liveCustomProperties(nodes: CssNode[]): Set<string> {
  const definitions = new Map<string, string[]>();
  const live = new Set<string>();
  const pending: string[] = [];
  for (const node of declarationBlocks(nodes)) {
    const declarations = node.prelude.startsWith('@') ? [node.body] : splitTopLevel(node.body, ';');
    for (const declaration of declarations) {
      const colon = declaration.indexOf(':');
      const name = declaration.slice(0, colon).trim();
      const references = variableReferences(declaration.slice(colon + 1));
      if (name.startsWith('--') && !node.prelude.startsWith('@')) {
        definitions.set(name, [...(definitions.get(name) ?? []), ...references]);
      } else {
        pending.push(...references);
      }
    }
  }
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (live.has(name)) continue;
    live.add(name);
    pending.push(...(definitions.get(name) ?? []));
  }
  return live;
}

/**
 * What kept `font` and `font-family` declarations say, and custom properties too (a family may be
 * named through one), lower-cased: a font face is kept if its family is in there.
 */
function namedFontFamilies(nodes: CssNode[]): string {
  let named = '';
  for (const node of declarationBlocks(nodes)) {
    if (node.prelude.startsWith('@')) continue;
    for (const [, value] of node.body.matchAll(
      /(?:^|;)\s*(?:font|font-family|--[\w-]+)\s*:([^;]*)/g,
    )) {
      named += `${value},`;
    }
  }
  return named.toLowerCase();
}

function prune(nodes: CssNode[], live: Set<string>, families: string): CssNode[] {
  const pruned: CssNode[] = [];
  for (const node of nodes) {
    if (Array.isArray(node.body)) {
      const children = prune(node.body, live, families);
      if (children.length > 0) pruned.push({ prelude: node.prelude, body: children });
    } else if (/^@font-face$/i.test(node.prelude) && typeof node.body === 'string') {
      const family = /font-family\s*:\s*["']?([^;"']+)/i.exec(node.body)?.[1]?.trim().toLowerCase();
      if (family && !families.includes(family)) continue;
      // Every browser the dashboard runs in (ES2020) reads WOFF2: the WOFF copies never load.
      const body = node.body.replace(
        /,\s*url\(["']?[^)"']*\.woff["']?\)\s*format\(["']?woff["']?\)/g,
        '',
      );
      pruned.push({ prelude: node.prelude, body });
    } else if (typeof node.body === 'string' && !node.prelude.startsWith('@')) {
      const declarations = splitTopLevel(node.body, ';').filter((declaration) => {
        const name = declaration.slice(0, declaration.indexOf(':')).trim();
        return declaration.trim() !== '' && (!name.startsWith('--') || live.has(name));
      });
      if (declarations.length > 0)
        pruned.push({ prelude: node.prelude, body: declarations.join(';') });
    } else {
      pruned.push(node);
    }
  }
  return pruned;
}

function serialize(nodes: CssNode[]): string {
  return nodes
    .map((node) =>
      node.body === null
        ? `${node.prelude};`
        : `${node.prelude}{${Array.isArray(node.body) ? serialize(node.body) : node.body}}`,
    )
    .join('');
}
