import { describe, expect, it } from 'vitest';
import { updateDecision } from '../../server/src/store/update-rule.ts';

const receivedAt = Date.parse('2026-03-10T10:00:00Z');
const earlier = { procedureId: 1, receivedAt };

describe('the update rule (docs/design.md §4)', () => {
  it('creates a submission whose id is new', () => {
    expect(updateDecision(undefined, { procedureId: 1 }, receivedAt)).toBe('created');
  });

  it('lets the same procedure replace its answers up to 24 hours after the first receipt', () => {
    expect(updateDecision(earlier, { procedureId: 1 }, receivedAt)).toBe('updated');
    const dayLater = Date.parse('2026-03-11T10:00:00Z');
    expect(updateDecision(earlier, { procedureId: 1 }, dayLater)).toBe('updated');
    expect(updateDecision(earlier, { procedureId: 1 }, dayLater + 1)).toBe('conflict');
  });

  it('never lets another procedure take an id, even a second later', () => {
    expect(updateDecision(earlier, { procedureId: 2 }, receivedAt + 1000)).toBe('conflict');
  });
});
