import { describe, expect, it } from 'vitest';
import { reportDay } from '../../common/calendar-days.ts';

describe('report day', () => {
  it('counts an answer sent late in the evening in Paris on that Paris day', () => {
    // 22:30 UTC on 14 July is 00:30 on 15 July in Paris (summer time, UTC+2).
    expect(reportDay(new Date('2026-07-14T22:30:00Z'), 'Europe/Paris')).toBe('2026-07-15');
    // In winter (UTC+1) 22:30 UTC is still 23:30 the same day.
    expect(reportDay(new Date('2026-01-14T22:30:00Z'), 'Europe/Paris')).toBe('2026-01-14');
  });

  it('follows the configured time zone', () => {
    expect(reportDay(new Date('2026-07-14T02:00:00Z'), 'America/Cayenne')).toBe('2026-07-13');
    expect(reportDay(new Date('2026-07-14T02:00:00Z'), 'UTC')).toBe('2026-07-14');
  });
});
