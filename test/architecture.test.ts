import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The floors of docs/design.md §1, read from the import lines: a new import that crosses a floor
// the wrong way fails here, in the pull request that writes it, not months later in a cycle.

const root = resolve(import.meta.dirname, '..');
const sourceFolders = ['common', 'widget', 'dashboard', 'server', 'scripts'];

type Import = { file: string; specifier: string; target: string | undefined };

/**
 * Every `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')` of our source
 * files; `target` is the imported file relative to the repository, undefined for a package.
 */
function readImports(): Import[] {
  const imports: Import[] = [];
  const pattern =
    /(?:^|[\n;])\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const folder of sourceFolders.filter((f) => existsSync(join(root, f)))) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|tsx|mjs|js)$/.test(entry)) continue;
      const file = join(folder, entry);
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(pattern)) {
        const specifier = (match[1] ?? match[2]) as string;
        const target = specifier.startsWith('.')
          ? relative(root, resolve(root, dirname(file), specifier))
          : undefined;
        imports.push({ file, specifier, target });
      }
    }
  }
  return imports;
}

const imports = readImports();
const under = (path: string | undefined, folder: string) =>
  path !== undefined && (path === folder || path.startsWith(`${folder}/`));
const crossing = (from: string, to: string[]) =>
  imports
    .filter((i) => under(i.file, from) && to.some((folder) => under(i.target, folder)))
    .map((i) => `${i.file} → ${i.specifier}`)
    .sort();

/**
 * The dashboard still reads its API's types from the server's zod schemas (type-only imports,
 * which esbuild drops, so no server code reaches the browser). Issue 25 moves them to plain wire
 * types in common/; each one moved comes off this list, and the list may only shrink.
 */
const dashboardTypesStillFromServer = [
  'dashboard/src/api.ts → ../../server/src/features/accounts/account-schemas.ts',
  'dashboard/src/api.ts → ../../server/src/features/accounts/mail-account-schemas.ts',
  'dashboard/src/api.ts → ../../server/src/features/answers/answer-list-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/mail/alerts-route.ts',
  'dashboard/src/api.ts → ../../server/src/features/organisations/organisation-schemas.ts',
  'dashboard/src/api.ts → ../../server/src/features/procedures/procedure-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/questionnaire/questionnaire-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/stats/stats-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/topics/theme-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/topics/topics-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/transparency/improvement-schema.ts',
  'dashboard/src/api.ts → ../../server/src/features/widget/widget-schema.ts',
  'dashboard/src/components/proconnect-button.tsx → ../../../server/src/features/sign-in/sign-in-methods-route.ts',
];

/** A Fastify plugin of routes (`*-routes.ts`, `*-route.ts`), which app.ts alone registers. */
const isRouteModule = (path: string | undefined) =>
  path !== undefined && /^server\/src\/features\/[^/]+\/[\w-]+-routes?\.ts$/.test(path);
const featureOf = (path: string | undefined) =>
  /^server\/src\/features\/([^/]+)\//.exec(path ?? '')?.[1];

/**
 * The units whose imports may not go round in a circle (issue 25): each feature
 * (server/src/features/X), each other folder of server/src, each file at its top.
 */
const serverUnit = (path: string | undefined) =>
  /^server\/src\/(features\/[^/]+|[^/]+)(?:\/|$)/.exec(path ?? '')?.[1];

/** Unit → unit it imports → the import lines that do it. */
function serverUnitGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const i of imports) {
    const from = serverUnit(i.file);
    const to = serverUnit(i.target);
    if (from === undefined || to === undefined || from === to) continue;
    const targets = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, targets);
    targets.set(to, [...(targets.get(to) ?? []), `${i.file} → ${i.specifier}`]);
  }
  return graph;
}

/**
 * One shortest cycle through each unit that has one, as «a → b → a (an import line of each
 * step)», each cycle once whatever unit it starts from.
 */
function cyclesOf(graph: Map<string, Map<string, string[]>>): string[] {
  const found = new Map<string, string>();
  for (const start of [...graph.keys()].sort()) {
    // Breadth first from `start`: the first path back to it is a shortest cycle.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const unit = queue.shift() as string;
      for (const next of [...(graph.get(unit)?.keys() ?? [])].sort()) {
        if (next === start) {
          last = unit;
          break;
        }
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, unit);
        queue.push(next);
      }
    }
    if (last === undefined) continue;
    const path = [last];
    while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
    const key = [...path].sort().join(' ');
    if (found.has(key)) continue;
    // One import line per step, the first found: enough to find the step, and the message short.
    const lines = path.map((unit, n) => graph.get(unit)?.get(path[n + 1] ?? start)?.[0]);
    found.set(key, `${[...path, start].join(' → ')} (${lines.join('; ')})`);
  }
  return [...found.values()];
}

describe('the floors of docs/design.md §1', () => {
  it('reads the import lines of every source file', () => {
    // A regular expression that stopped matching would make every rule below pass on nothing.
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({
      file: 'server/src/app.ts',
      specifier: 'fastify',
      target: undefined,
    });
  });

  it('has no server file importing the widget or the dashboard', () => {
    expect(crossing('server/src', ['widget', 'dashboard'])).toEqual([]);
  });

  it('has no widget file importing the server or the dashboard', () => {
    expect(crossing('widget', ['server', 'dashboard'])).toEqual([]);
  });

  it('has no dashboard file importing the server or the widget, but the listed API types', () => {
    expect(crossing('dashboard', ['server', 'widget'])).toEqual(dashboardTypesStillFromServer);
  });

  it('lets the dashboard take only types from the server, never a value', () => {
    const valueImports = imports.filter(
      (i) =>
        under(i.file, 'dashboard') &&
        under(i.target, 'server') &&
        !new RegExp(`import type [^;]*['"]${i.specifier}['"]`).test(
          readFileSync(join(root, i.file), 'utf8'),
        ),
    );
    expect(valueImports.map((i) => `${i.file} → ${i.specifier}`)).toEqual([]);
  });

  it('has nothing under the store importing a feature', () => {
    expect(crossing('server/src/store', ['server/src/features'])).toEqual([]);
  });

  // What features share lives in a module named for it (accounts/user-view.ts, mail/account-mails.ts,
  // sign-in/proconnect-logout.ts), or in a service: a route file imported elsewhere drags its
  // plugin's imports along and hides the shared piece under a name that says "routes".
  it("has no feature importing another feature's route module", () => {
    const imported = imports.filter(
      (i) =>
        featureOf(i.file) !== undefined &&
        isRouteModule(i.target) &&
        featureOf(i.target) !== featureOf(i.file),
    );
    expect(imported.map((i) => `${i.file} → ${i.specifier}`)).toEqual([]);
  });

  // Features depend on common/, the store and http/, not on each other, or one way through a
  // service named as such (topics/comment-themes.ts, stats/indicators.ts): a circle of imports
  // between two units means neither can be read, tested or moved without the other.
  it("has no cycle between the server's folders and features", () => {
    const graph = serverUnitGraph();
    // Units found, and edges between them: a pattern that stopped matching would pass on nothing.
    expect(graph.get('app.ts')?.has('features/answers')).toBe(true);
    expect(graph.get('features/answers')?.has('store')).toBe(true);
    expect(cyclesOf(graph), 'imports going round between these units').toEqual([]);
  });

  it('has route modules imported by server/src/app.ts only, among the server files', () => {
    // app.ts registers them all: a pattern that stopped matching them would pass on nothing.
    expect(imports.filter((i) => isRouteModule(i.target)).length).toBeGreaterThan(20);
    const imported = imports.filter(
      (i) => under(i.file, 'server') && i.file !== 'server/src/app.ts' && isRouteModule(i.target),
    );
    expect(imported.map((i) => `${i.file} → ${i.specifier}`)).toEqual([]);
  });

  it('has common/ importing nothing outside itself, no package either (zod-free)', () => {
    const outside = imports.filter((i) => under(i.file, 'common') && !under(i.target, 'common'));
    expect(outside.map((i) => `${i.file} → ${i.specifier}`)).toEqual([]);
  });
});
