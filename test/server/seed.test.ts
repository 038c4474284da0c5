import { describe, expect, it, onTestFinished } from 'vitest';
import { addDays } from '../../common/calendar-days.ts';
import { feedbackBody } from '../../server/src/features/answers/answer-schema.ts';
import { seedAnswers, seedComments } from '../../server/src/features/answers/seed.ts';
import { computeIndicators } from '../../server/src/features/stats/indicators.ts';
import { procedureStats } from '../../server/src/features/stats/procedure-stats.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { addTotals, countersOf, emptyTotals } from '../../server/src/store/rollups.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { testConfig } from '../helpers.ts';

describe('the seeder (npm run cli -- seed, the demo)', () => {
  it('writes answers the API would accept, per channel, and the table of channels has something to say', async () => {
    const store = await openStore(testConfig());
    onTestFinished(() => store.close());
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    // Every batch the seeder writes goes through the real store, read on its way in.
    const written: IncomingSubmission[] = [];
    const saveSubmissions = store.saveSubmissions.bind(store);
    store.saveSubmissions = (batch) => {
      written.push(...batch);
      return saveSubmissions(batch);
    };
    const end = new Date('2026-11-30T00:00:00Z');
    const count = await seedAnswers(store, {
      procedures: [{ procedureKey: key, perDay: 60, quality: 0.5 }],
      days: 365,
      end,
      timeZone: 'Europe/Paris',
    });
    expect(written).toHaveLength(count);

    for (const { id, answer } of written) {
      const parsed = feedbackBody.safeParse({ id, ...answer });
      expect(parsed.error?.issues, JSON.stringify(answer)).toBeUndefined();
    }

    // The last six months in the per-channel shape, the months before in the earlier one.
    const recent = written.filter((s) => s.day >= '2026-06-05');
    expect(recent.some((s) => typeof s.answer.reached === 'object')).toBe(true);
    expect(recent.filter((s) => typeof s.answer.reached === 'boolean').length).toBeLessThan(5);
    expect(written.some((s) => s.day < '2026-05-30' && typeof s.answer.reached === 'boolean')).toBe(
      true,
    );

    const from = addDays('2026-11-30', -364);
    const stats = await procedureStats(store, 100, {
      procedureKey: key,
      from,
      to: '2026-11-30',
      interval: 'auto',
      timeZone: 'Europe/Paris',
    });
    const recount = emptyTotals();
    for (const s of written) if (s.day >= from) addTotals(recount, countersOf(s.answer));
    expect(stats.indicators).toEqual(computeIndicators(recount, 100));

    const { channels } = stats.indicators;
    for (const c of ['counter', 'phone', 'email', 'chat', 'unknown'] as const) {
      expect(channels[c].reached.sample, c).toBeGreaterThan(0);
      expect(channels[c].helpQuality.sample, c).toBeGreaterThan(0);
    }
    // The phone line that never answers: reached least, the counter most.
    const reached = (c: keyof typeof channels) => channels[c].reached.value as number;
    expect(reached('phone')).toBeLessThan(reached('email'));
    expect(reached('email')).toBeLessThan(reached('counter'));
    // And the help obtained is rated best at the counter.
    const rated = (c: keyof typeof channels) => channels[c].helpQuality.value as number;
    expect(rated('counter')).toBeGreaterThan(Math.max(rated('phone'), rated('email')));
  });

  it('comments agree with their rating, and a procedure that goes well still gets some «Pas bien»', async () => {
    const store = await openStore(testConfig());
    onTestFinished(() => store.close());
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const written: IncomingSubmission[] = [];
    const saveSubmissions = store.saveSubmissions.bind(store);
    store.saveSubmissions = (batch) => {
      written.push(...batch);
      return saveSubmissions(batch);
    };
    // The demo's busiest procedure, over 30 days.
    await seedAnswers(store, {
      procedures: [{ procedureKey: key, perDay: 40, quality: 0.75 }],
      days: 30,
      end: new Date('2026-11-30T00:00:00Z'),
      timeZone: 'Europe/Paris',
    });
    const commented = written.filter((s) => s.answer.comment !== undefined);
    expect(commented.length).toBeGreaterThan(100);
    for (const { answer } of commented) {
      expect(seedComments[answer.satisfaction], answer.comment).toContain(answer.comment);
    }
    const share = (level: string) =>
      written.filter((s) => s.answer.satisfaction === level).length / written.length;
    expect(share('bad')).toBeGreaterThanOrEqual(0.08);
    expect(share('bad')).toBeLessThanOrEqual(0.15);
    expect(share('good')).toBeGreaterThan(0.5);
  });
});
