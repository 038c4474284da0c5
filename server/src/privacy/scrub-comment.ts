/**
 * Removes personal data from free text before anything is stored (DESIGN §5): e-mail addresses,
 * phone numbers, NIR (French social security numbers), IBANs and payment card numbers become
 * `[courriel]`, `[téléphone]`, `[NIR]`, `[IBAN]`, `[carte]`. The original is never written.
 *
 * Every pattern runs in time linear in the text: the text is capped first, quantifiers are
 * bounded or cannot overlap, and the number checks (mod 97, Luhn) run on what a pattern found,
 * in code rather than in the regular expression. Numbers that carry their own check digits are
 * redacted only when the check passes, so a «dossier 2024-123456», a date, an amount or a postal
 * code stays as written.
 */

export type Scrubbed = { text: string; redactions: number };

/** Longer than any field that reaches here (comment: 5,000); a guard, not a rule. */
const maxLength = 10_000;

// Local part and labels bounded by the RFC's own limits (64, 63), so no run can be re-scanned
// more than a constant number of times.
const email =
  /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;

// Country code, check digits, then groups of four (spaced or not) and a shorter last group.
const iban = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/gi;

// Sex, year, month, department (2A/2B for Corsica), commune, order, key; single spaces allowed.
const nir = /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/gi;

// A run of digits with single separators, optionally `+`-prefixed, and «(0)» as in
// «+33 (0)1 23 45 67 89». Each step consumes at least one digit: no overlap, linear.
const digitRun = /\+?\d(?:(?:[ .-]| ?\(0\) ?)?\d)*/g;

export function scrubComment(input: string): Scrubbed {
  let redactions = 0;
  const redact = (tag: string) => {
    redactions++;
    return tag;
  };
  const text = input
    .slice(0, maxLength)
    .replace(email, () => redact('[courriel]'))
    .replace(iban, (match) => (isIban(match) ? redact('[IBAN]') : match))
    .replace(nir, (match) => (isNir(match) ? redact('[NIR]') : match))
    .replace(digitRun, (run) => scrubDigitRun(run, redact));
  return { text, redactions };
}

/**
 * Finds phone and card numbers in a run of digit groups («le 12 06 12 34 56 78»): windows of
 * whole groups, longest first, of at most 19 digits, so the work per group is bounded.
 */
function scrubDigitRun(run: string, redact: (tag: string) => string): string {
  const groups = run.match(/\+|\(0\)|\d+|[^\d+()]+/g) ?? [];
  const isDigits = (group: string | undefined) => group !== undefined && /^\d+$/.test(group);
  // digitsBefore[k]: how many digits groups 0…k-1 hold, so a window's count costs nothing.
  const digitsBefore = [0];
  for (const group of groups) {
    digitsBefore.push((digitsBefore.at(-1) as number) + (isDigits(group) ? group.length : 0));
  }
  let out = '';
  let i = 0;
  while (i < groups.length) {
    const plus = groups[i] === '+';
    let match: { end: number; tag: string } | undefined;
    if (isDigits(plus ? groups[i + 1] : groups[i])) {
      // Longest first; no number we look for has fewer than 8 digits or more than 23 (0033 + 19),
      // so windows end within a few dozen groups: the work per group is bounded, the run linear.
      let limit = i + 1;
      while (
        limit < groups.length &&
        (digitsBefore[limit + 1] as number) - (digitsBefore[i] as number) <= 23
      )
        limit++;
      const first = groups[plus ? i + 1 : i] as string;
      for (let end = limit; end > i && !match; end--) {
        const count = (digitsBefore[end] as number) - (digitsBefore[i] as number);
        if (!plausible(plus, first, count) || !isDigits(groups[end - 1])) continue;
        const tag = classify(plus, groups.slice(i, end).filter(isDigits));
        if (tag) match = { end, tag };
      }
    }
    if (match) {
      out += redact(match.tag);
      i = match.end;
    } else {
      out += groups[i];
      i++;
    }
  }
  return out;
}

/**
 * Whether a window whose first digit group is `first`, holding `count` digits, could be a number
 * we look for: the cheap test that keeps the work per group small.
 */
function plausible(plus: boolean, first: string, count: number): boolean {
  if (plus) return count >= 8 && count <= 15; // E.164, +33 included
  if (first.startsWith('00')) return count >= 10 && count <= 17; // 0033…, 0044…
  if (first[0] === '0') return count === 10 && (first.length === 2 || first.length === 10);
  return (first[0] as string) >= '2' && (first[0] as string) <= '6' && count >= 13 && count <= 19; // cards
}

function classify(plus: boolean, groups: string[]): string | undefined {
  const digits = groups.join('');
  const sizes = groups.map((g) => g.length).join('');
  // French numbers as people write them: 0612345678 or 06 12 34 56 78; +33 / 0033 then
  // 612345678 or 6 12 34 56 78 («(0)» already left out). Other groupings are not phones: in
  // «2 85 05 78 006 048 76» the digits 05 78 006 048 are ten, but no one writes a number so.
  const national = sizes === '10' || sizes === '22222';
  const afterPrefix = (prefix: string) =>
    groups[0] === prefix
      ? ['9', '12222'].includes(sizes.slice(1))
      : sizes === String(prefix.length + 9);
  if (!plus && national && /^0[1-9]\d{8}$/.test(digits)) return '[téléphone]';
  if (plus && afterPrefix('33') && /^33[1-9]\d{8}$/.test(digits)) return '[téléphone]';
  if (!plus && afterPrefix('0033') && /^0033[1-9]\d{8}$/.test(digits)) return '[téléphone]';
  // International E.164: + or 00, then 8 to 15 digits.
  if (plus && /^[1-9]\d{7,14}$/.test(digits)) return '[téléphone]';
  if (!plus && /^00[1-9]\d{7,14}$/.test(digits)) return '[téléphone]';
  // Cards: 13 to 19 digits from an issuer range starting 2–6 (Visa, Mastercard, CB, Amex…), with a
  // valid Luhn digit. The issuer test spares SIRET numbers of firms, which also pass Luhn.
  if (!plus && /^[2-6]\d{12,18}$/.test(digits) && luhn(digits)) return '[carte]';
  return undefined;
}

/** Payment card check digit (ISO/IEC 7812). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616: the country and check digits moved to the end, letters as 10–35, mod 97 = 1. */
function isIban(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** NIR key = 97 − (13 first digits mod 97), with Corsica's 2A and 2B counted as 19 and 18. */
function isNir(candidate: string): boolean {
  const compact = candidate.replace(/ /g, '').toUpperCase();
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(compact.slice(13));
}

function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const char of alphanumeric) {
    const value = Number.parseInt(char, 36); // 0–9, then A=10 … Z=35
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}
