/** The p-th percentile of sorted durations, in ms with two decimals. */
export function percentile(sorted: number[], p: number): number {
  const value = sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ] as number;
  return Number(value.toFixed(2));
}
