/**
 * Calendar days as `YYYY-MM-DD` strings: the day an answer counts for, and arithmetic on days.
 * Plain functions of their arguments, for the server's features, `http/`, the tests and the
 * dashboard alike.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const quarterHourMs = 15 * 60 * 1000;
let lastQuarter = '';
let lastDay = '';

/**
 * The calendar day (`YYYY-MM-DD`) an instant falls on in a time zone. docs/design.md §6: days are
 * counted in TZ_REPORT, so an answer sent at 23:30 in Paris counts for that day, not the next.
 */
export function reportDay(instant: Date, timeZone: string): string {
  // Every zone's offset is a multiple of 15 minutes, so a day is the same all through a quarter
  // hour: remember the last one instead of asking Intl for each answer.
  const quarter = `${timeZone}@${Math.floor(instant.getTime() / quarterHourMs)}`;
  if (quarter === lastQuarter) return lastDay;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  lastQuarter = quarter;
  lastDay = `${parts.year}-${parts.month}-${parts.day}`;
  return lastDay;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Calendar arithmetic on `YYYY-MM-DD` strings (UTC midnight: no time zone, no DST to trip on). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;
}

/** The period of the same length ending the day before `from`: what a period is compared with. */
export function previousPeriod({ from, to }: { from: string; to: string }): {
  from: string;
  to: string;
} {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}
