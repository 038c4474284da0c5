import { may } from '../../auth/permissions.ts';
import type { User } from '../../store/accounts.ts';
import {
  type ObservatoireIndicator,
  type ObservatoireRow,
  observatoireIndicators,
  type TableSort,
  type TableViewQuery,
} from './observatoire-schema.ts';

/** The rows a person may read (docs/design.md §11): nothing of another organisation. */
export function readableRows(rows: readonly ObservatoireRow[], user: User): ObservatoireRow[] {
  return rows.filter((row) =>
    may(user, 'read', { key: row.procedure, organisationId: row.organisation.id }),
  );
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr');

/** A change on one scale: percentage points count a tenth, as a point out of 10 is 10 %. */
const onTenScale = (row: ObservatoireRow, name: ObservatoireIndicator) => {
  const { change, unit } = row[name];
  return change === null ? null : unit === '%' ? change / 10 : change;
};

/**
 * «Plus fortes évolutions»: a significant fall first (the largest first), then a significant rise
 * (the largest first), then the rest by their largest change, either way. What the
 * Observatoire's readers look for is what got worse, then what got better, then what moved.
 */
function evolutionRank(row: ObservatoireRow): [number, number] {
  let fall = 0;
  let rise = 0;
  let moved = 0;
  for (const name of observatoireIndicators) {
    const change = onTenScale(row, name);
    if (change === null) continue;
    moved = Math.max(moved, Math.abs(change));
    if (!row[name].significant) continue;
    if (change < 0) fall = Math.max(fall, -change);
    else rise = Math.max(rise, change);
  }
  if (fall > 0) return [0, fall];
  if (rise > 0) return [1, rise];
  return [2, moved];
}

const byName = (a: ObservatoireRow, b: ObservatoireRow) =>
  a.name.localeCompare(b.name, 'fr') || a.procedure.localeCompare(b.procedure);

/** A column's value to sort on; `null` (no figure, too few answers) always sorts last. */
function sortValue(row: ObservatoireRow, sort: TableSort): number | string | null {
  if (sort === 'name') return row.name;
  if (sort === 'organisation') return row.organisation.name;
  if (sort === 'answers') return row.answers;
  if (sort.endsWith('Change')) return row[sort.slice(0, -6) as ObservatoireIndicator].change;
  const figure = row[sort as ObservatoireIndicator];
  return figure.insufficient ? null : figure.value;
}

/** Sorts a copy of `rows` as `query` says (stable: ties by name). */
export function sortRows(
  rows: readonly ObservatoireRow[],
  sort: TableSort,
  order?: 'asc' | 'desc',
): ObservatoireRow[] {
  const sorted = [...rows];
  if (sort === 'evolutions') {
    const ranks = new Map(sorted.map((row) => [row, evolutionRank(row)]));
    return sorted.sort((a, b) => {
      const [groupA, sizeA] = ranks.get(a) as [number, number];
      const [groupB, sizeB] = ranks.get(b) as [number, number];
      return groupA - groupB || sizeB - sizeA || byName(a, b);
    });
  }
  const direction =
    (order ?? (sort === 'name' || sort === 'organisation' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  const values = new Map(sorted.map((row) => [row, sortValue(row, sort)]));
  return sorted.sort((a, b) => {
    const x = values.get(a) ?? null;
    const y = values.get(b) ?? null;
    if (x === null || y === null)
      return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byName(a, b);
    const compared = typeof x === 'string' ? x.localeCompare(y as string, 'fr') : x - (y as number);
    return direction * compared || byName(a, b);
  });
}

/** The filters of a view: organisation, satisfaction's level, words. */
export function filterRows(
  rows: readonly ObservatoireRow[],
  query: Pick<TableViewQuery, 'organisation' | 'level' | 'q'>,
): ObservatoireRow[] {
  const words = fold(query.q?.trim() ?? '')
    .split(/\s+/)
    .filter(Boolean);
  return rows.filter((row) => {
    if (query.organisation !== undefined && row.organisation.id !== query.organisation)
      return false;
    if (query.level !== undefined) {
      const { insufficient, level } = row.satisfaction;
      if (query.level === 'insufficient' ? !insufficient : insufficient || level !== query.level)
        return false;
    }
    if (words.length === 0) return true;
    const text = fold(`${row.name}\n${row.organisation.name}\n${row.procedure}`);
    return words.every((word) => text.includes(word));
  });
}

/** One page of the filtered, sorted table, and how many rows pass the filters. */
export function viewTable(rows: readonly ObservatoireRow[], query: TableViewQuery) {
  const filtered = filterRows(rows, query);
  const sorted = sortRows(filtered, query.sort, query.order);
  const start = (query.page - 1) * query.limit;
  return {
    total: filtered.length,
    page: query.page,
    limit: query.limit,
    rows: sorted.slice(start, start + query.limit),
  };
}
