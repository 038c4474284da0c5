import { describe, expect, it } from 'vitest';
import { keptTables } from '../../server/src/features/observatoire/kept-tables.ts';

type Table = { name: string; rows: number[] };

/** A cache of at most 10 rows on a clock the test moves, counting the builds of each key. */
function tables() {
  const clock = { now: 0 };
  const builds = new Map<string, number>();
  const keep = keptTables<Table>({ now: () => clock.now, rowsAtMost: 10 });
  /** Asks for `name`, built with `rows` rows if not kept; `pending` holds the build back. */
  const ask = (name: string, rows: number, pending?: Promise<void>) =>
    keep(name, async () => {
      builds.set(name, (builds.get(name) ?? 0) + 1);
      await pending;
      return { name, rows: Array.from({ length: rows }, (_, n) => n) };
    });
  return { clock, builds, ask };
}

describe('the Observatoire’s live tables kept a minute', () => {
  it('builds a table once a minute, however often it is asked for', async () => {
    const { clock, builds, ask } = tables();
    await Promise.all([ask('T3', 4), ask('T3', 4)]);
    clock.now += 59_000;
    await ask('T3', 4);
    expect(builds.get('T3')).toBe(1);
    clock.now += 1_000;
    await ask('T3', 4);
    expect(builds.get('T3')).toBe(2);
  });

  it('keeps tables of 10 rows in all, the least lately used going first', async () => {
    const { builds, ask } = tables();
    await ask('A', 4);
    await ask('B', 4);
    await ask('A', 4);
    // C makes 12 rows: B, asked for before A's second time, goes.
    await ask('C', 4);
    await ask('A', 4);
    await ask('C', 4);
    expect(builds.get('A')).toBe(1);
    expect(builds.get('C')).toBe(1);
    await ask('B', 4);
    expect(builds.get('B')).toBe(2);
  });

  it('never drops a table being built, nor one just built, for room', async () => {
    const { builds, ask } = tables();
    let release = () => {};
    const slow = ask('slow', 6, new Promise((resolve) => (release = resolve)));
    await ask('B', 6);
    // C makes 12 rows with B: B goes, not the slow table still being built.
    await ask('C', 6);
    release();
    await slow;
    // The slow table, built last, stays; C goes for it.
    await ask('slow', 6);
    expect(builds.get('slow')).toBe(1);
    await ask('C', 6);
    expect(builds.get('C')).toBe(2);
    await ask('B', 6);
    expect(builds.get('B')).toBe(2);
  });

  it('keeps a single table larger than the bound while it is the only one', async () => {
    const { builds, ask } = tables();
    await ask('platform', 15);
    await ask('platform', 15);
    expect(builds.get('platform')).toBe(1);
  });

  it('does not keep a table whose build failed', async () => {
    let builds = 0;
    const keep = keptTables<Table>({ now: () => 0, rowsAtMost: 10 });
    const failing = () =>
      keep('T3', async () => {
        builds++;
        throw new Error('database unavailable');
      });
    await expect(failing()).rejects.toThrow('database unavailable');
    await expect(failing()).rejects.toThrow('database unavailable');
    expect(builds).toBe(2);
  });
});
