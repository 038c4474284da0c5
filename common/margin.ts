const formats = new Map<string, Intl.NumberFormat>();

/**
 * A 95 % margin as every page, mail and the dashboard show it, in the indicator's own points (of
 * the score out of 10, or of percentage, docs/design.md §6): «± 2,0», one decimal; below that,
 * «< 0,1», where rounding would say «± 0» though a margin is never nothing. A mail in words
 * passes its own: «à 2,0 près», «à moins de 0,1 près».
 */
export function marginText(
  margin: number,
  locale: string,
  words = { within: '±\u00a0', below: '<\u00a0' },
): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    formats.set(locale, format);
  }
  return margin < 0.05
    ? `${words.below}${format.format(0.1)}`
    : `${words.within}${format.format(margin)}`;
}
