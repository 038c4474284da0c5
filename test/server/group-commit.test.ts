import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../server/src/store/group-commit.ts';
import { type SaveOutcome, StoreUnavailableError } from '../../server/src/store/store.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes the answers of one turn of the event loop in one batch, each told its outcome', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit((batch: number[]) => {
      batches.push(batch);
      return batch.map((n): SaveOutcome => (n % 2 ? 'created' : 'updated'));
    });
    const outcomes = await Promise.all([1, 2, 3].map((n) => commit.save(n)));
    expect(outcomes).toEqual(['created', 'updated', 'created']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('answers that arrive while a batch is being committed form the next batch', async () => {
    const batches: number[][] = [];
    let release = () => {};
    const commit = new GroupCommit(async (batch: number[]) => {
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return batch.map((): SaveOutcome => 'created');
    });
    const first = commit.save(1);
    await tick();
    const later = [commit.save(2), commit.save(3)];
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('one bad answer does not sink the others of its batch', async () => {
    const bad = new Error('CHECK constraint failed');
    const commit = new GroupCommit((batch: number[]) => {
      if (batch.includes(2)) throw bad;
      return batch.map((): SaveOutcome => 'created');
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => commit.save(n)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'created' },
      { status: 'rejected', reason: bad },
      { status: 'fulfilled', value: 'created' },
    ]);
  });

  it('a database that cannot be written fails the whole batch at once, without retrying each', async () => {
    let writes = 0;
    const unavailable = new StoreUnavailableError('disk full');
    const commit = new GroupCommit((): SaveOutcome[] => {
      writes++;
      throw unavailable;
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => commit.save(n)));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === unavailable)).toBe(true);
    expect(writes).toBe(1);
    // And the queue goes on afterwards.
    await expect(commit.save(4)).rejects.toBe(unavailable);
  });
});
