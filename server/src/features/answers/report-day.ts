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
