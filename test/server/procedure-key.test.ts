import { describe, expect, it } from 'vitest';
import { insertWithNewKey, newProcedureKey } from '../../server/src/store/procedure-key.ts';

describe('procedure keys', () => {
  it('are 10 random lower-case letters and digits', () => {
    const keys = new Set(Array.from({ length: 1000 }, newProcedureKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]{10}$/);
  });

  it('a key already taken is drawn again; any other failure is passed on', async () => {
    const drawn = ['taken00000', 'taken00000', 'free000000'];
    const taken = new Error('unique');
    const tried: string[] = [];
    const key = await insertWithNewKey(
      (key) => {
        tried.push(key);
        if (key.startsWith('taken')) throw taken;
        return key;
      },
      (error) => error === taken,
      () => drawn.shift() as string,
    );
    expect(key).toBe('free000000');
    expect(tried).toEqual(['taken00000', 'taken00000', 'free000000']);

    const broken = new Error('disk');
    await expect(
      insertWithNewKey(
        async () => {
          throw broken;
        },
        (error) => error === taken,
      ),
    ).rejects.toBe(broken);
  });
});
