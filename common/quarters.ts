/**
 * Calendar quarters, as the Observatoire publishes its editions (docs/design.md §13): `2026-T3`
 * in addresses and files («T» for trimestre), «T3 2026» in French words.
 */
export type Quarter = `${number}-T${1 | 2 | 3 | 4}`;

/** What the API takes: the quarters of 2000 to 2099, as its days. */
export const quarterPattern = /^(20\d\d)-T([1-4])$/;
/** Any quarter: the one before 2000-T1 is 1999-T4, what that edition is compared with. */
const anyQuarter = /^(\d{4})-T([1-4])$/;

/** The quarter a calendar day `YYYY-MM-DD` falls in. */
export function quarterOf(day: string): Quarter {
  const month = Number(day.slice(5, 7));
  return `${Number(day.slice(0, 4))}-T${Math.ceil(month / 3) as 1 | 2 | 3 | 4}`;
}

/** Its first and last days. */
export function quarterDays(quarter: string): { from: string; to: string } {
  const [, year, n] = anyQuarter.exec(quarter) ?? [];
  const first = (Number(n) - 1) * 3;
  const last = new Date(Date.UTC(Number(year), first + 3, 0));
  return {
    from: `${year}-${String(first + 1).padStart(2, '0')}-01`,
    to: last.toISOString().slice(0, 10),
  };
}

/** The quarter before. */
export function previousQuarter(quarter: string): Quarter {
  const { from } = quarterDays(quarter);
  const day = new Date(`${from}T00:00:00Z`);
  day.setUTCDate(0);
  return quarterOf(day.toISOString().slice(0, 10));
}

/** «T3 2026» (fr, es: trimestre), «Q3 2026» (en: quarter). */
export function quarterName(quarter: string, lang: 'fr' | 'en' | 'es' = 'fr'): string {
  const [, year, n] = anyQuarter.exec(quarter) ?? [];
  return `${lang === 'en' ? 'Q' : 'T'}${n} ${year}`;
}
