import { describe, expect, it } from 'vitest';
import { ProcedureCache, procedureCacheMs } from '../../server/src/store/procedure-cache.ts';

const procedure = (key: string) => ({
  id: 7,
  procedure: {
    key,
    name: 'Passeport',
    allowedOrigins: [],
    questions: [],
    createdAt: new Date(0),
    archivedAt: undefined,
    organisationId: 1,
    public: false,
  },
  version: 1,
  versions: [],
});

describe('the procedure cache', () => {
  it('serves a procedure read less than a few seconds ago, then asks for it again', () => {
    let now = 1_000_000;
    const cache = new ProcedureCache(() => now);
    expect(cache.get('abc')).toBeUndefined();
    expect(cache.remember(procedure('abc'))).toEqual(procedure('abc'));
    now += procedureCacheMs - 1;
    expect(cache.get('abc')).toMatchObject(procedure('abc'));
    now += 1;
    expect(cache.get('abc')).toBeUndefined();
  });

  it('forgets a procedure this process changed, at once', () => {
    const cache = new ProcedureCache();
    cache.remember(procedure('abc'));
    cache.forget('abc');
    expect(cache.get('abc')).toBeUndefined();
  });

  it('keeps nothing for a key that has no procedure', () => {
    const cache = new ProcedureCache();
    expect(cache.remember(undefined)).toBeUndefined();
    expect(cache.get('nothere00')).toBeUndefined();
  });

  it('stays bounded however many procedures are read', () => {
    const cache = new ProcedureCache();
    for (let i = 0; i <= 30_000; i++) cache.remember(procedure(`key${i}`));
    expect(cache.size).toBeLessThanOrEqual(10_001);
    expect(cache.get('key0')).toBeUndefined();
    expect(cache.get('key30000')).toBeDefined();
  });
});
