/**
 * Removes personal data from free text before anything is stored (docs/design.md §5): e-mail
 * addresses, phone numbers, NIR (French social security numbers), IBANs and payment card numbers
 * become `[courriel]`, `[téléphone]`, `[NIR]`, `[IBAN]`, `[carte]`. The original is never written.
 *
 * Every pattern runs in time linear in the text: the text is capped first, quantifiers are
 * bounded or cannot overlap, and the number checks (mod 97, Luhn) run on what a pattern found,
 * in code rather than in the regular expression. Numbers that carry their own check digits are
 * redacted only when the check passes, so a «dossier 2024-123456», a date, an amount or a postal
 * code stays as written. SIREN and SIRET numbers stay too: they name a business, are public, and
 * are often what makes a comment understandable.
 */

export type Scrubbed = { text: string; redactions: number };

/** Longer than any field that reaches here (comment: 5,000); a guard, not a rule. */
const maxLength = 10_000;

// Local part and labels bounded by the RFC's own limits (64, 63), so no run can be re-scanned
// more than a constant number of times.
const email =
  /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;

/**
 * What people put between the groups of a number. Besides the plain space, the no-break space
 * (U+00A0) and the narrow no-break space (U+202F) that French word processors and phones insert
 * in numbers («06 12 34 56 78», «1 234 €»), and the thin space (U+2009) of typeset text.
 */
const spaces = ' \u00A0\u202F\u2009';
/** What separates the groups of an IBAN, a phone, a card: a space of any kind, a dot, a dash. */
const separators = `${spaces}.-`;
/** One space of any kind, in a pattern. */
const space = `[${spaces}]`;
/** One separator, in a pattern (the dash comes last, so it stands for itself). */
const groupSeparator = `[${separators}]`;

// Country code and check digits, with the space some banks print between them («ES 58 0049…»).
// The rest of an IBAN is read in code (`bbanEnd`), up to the length its country fixes.
const ibanStart = new RegExp(String.raw`\b([A-Z]{2})${space}?(\d{2})`, 'gi');

/**
 * The length of an IBAN in each country that issues them (SWIFT's IBAN registry, as validator.js
 * and python-stdnum carry it). Reading exactly that many characters, whatever separates the
 * groups («FR76-3000-…», «NO07.8380.08.06006», «ES10 0075 0080 11 0600658108»), is what lets an
 * IBAN end before the words that follow it, and makes «de 12 jours…» no candidate at all.
 */
const ibanLengths = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 ' +
    'DK18 DO28 DZ26 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 ' +
    'HU28 IE22 IL23 IQ23 IR26 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MA28 ' +
    'MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 MZ25 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 ' +
    'RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 ' +
    'VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

// Sex (1, 2; 7, 8 for a temporary number, as django-localflavor also reads it), year, month,
// department (2A/2B for Corsica), commune, order, key; one separator (a space of any kind, a dot,
// a dash), or none, between: the key, checked, is what tells a NIR from other numbers.
const nirParts = ['[1278]', '\\d{2}', '\\d{2}', '(?:\\d{2}|2[AB])', '\\d{3}', '\\d{3}', '\\d{2}'];
const nir = new RegExp(String.raw`\b${nirParts.join(`${groupSeparator}?`)}\b`, 'gi');

// A run of digits with single separators, optionally `+`-prefixed, with bracketed groups as in
// «+33 (0)1 23 45 67 89» or «+44 (20) 7946 0958». Each step consumes at least one digit and a
// bracket closes within six characters: no overlap, linear.
const digitRun = new RegExp(
  String.raw`\+?\d(?:(?:${groupSeparator}|${space}?\(\d{1,4}\)${space}?)?\d)*`,
  'g',
);

// «SIRET», «n° SIREN»… just before a number: what tells a SIRET from a Diners Club card.
const siretLabel = /\bsire[nt]/i;

export function scrubComment(input: string): Scrubbed {
  let redactions = 0;
  const redact = (tag: string) => {
    redactions++;
    return tag;
  };
  const withoutAddresses = input.slice(0, maxLength).replace(email, () => redact('[courriel]'));
  const text = scrubIbans(withoutAddresses, redact)
    .replace(nir, (match: string, offset: number, whole: string) =>
      isNir(match) && !insideCard(whole, offset, offset + match.length) ? redact('[NIR]') : match,
    )
    .replace(digitRun, (run: string, offset: number, whole: string) => {
      const labelled = siretLabel.test(whole.slice(Math.max(0, offset - 32), offset));
      return scrubDigitRun(run, labelled, redact);
    });
  return { text, redactions };
}

// The digit groups written right before and after a match, as far as they go.
const groupsBefore = new RegExp(String.raw`(?:\d${groupSeparator}?)*$`);
const groupsAfter = new RegExp(String.raw`^(?:${groupSeparator}?\d)*`);

/**
 * Whether the NIR found at text[from, to) is only the tail or head of a longer run that is, whole,
 * a card number («59 8 823583447128078»: fifteen of its digits pass the NIR key by chance, one
 * time in 97). The card scrubber then redacts the run whole, rather than leave a card's first
 * digits in the text.
 */
function insideCard(text: string, from: number, to: number): boolean {
  const before = groupsBefore.exec(text.slice(Math.max(0, from - 40), from))?.[0] ?? '';
  const after = groupsAfter.exec(text.slice(to, to + 40))?.[0] ?? '';
  if (!before && !after) return false;
  const digits = digitsOnly(before + text.slice(from, to) + after);
  return isCardNumber(digits);
}

function digitsOnly(written: string): string {
  return written.replace(/\D/g, '');
}

function scrubIbans(text: string, redact: (tag: string) => string): string {
  let out = '';
  let copied = 0;
  for (const match of text.matchAll(ibanStart)) {
    const start = match.index;
    const length = ibanLengths.get((match[1] as string).toUpperCase());
    if (start < copied || length === undefined) continue;
    const end = bbanEnd(text, start + match[0].length, length - 4);
    if (end === undefined) continue;
    const compact = lettersAndDigits(text.slice(start, end));
    if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1) continue;
    out += text.slice(copied, start) + redact('[IBAN]');
    copied = end;
  }
  return out + text.slice(copied);
}

/** An IBAN or a NIR as found, without its separators, upper-cased for the checks. */
function lettersAndDigits(found: string): string {
  return found.replace(/[^\dA-Z]/gi, '').toUpperCase();
}

/** `separators` by character code, for `bbanEnd`. */
const separatorCodes = new Set([...separators].map((char) => char.charCodeAt(0)));

/** A–Z, a–z or 0–9, by character code: this runs for every character of every IBAN candidate. */
function isAlphanumeric(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

/**
 * Where `count` letters and digits that start at `from` end, with single `separators` (a space
 * of any kind, a dash, a dot) between them; undefined when the text holds fewer, or when a letter
 * or digit follows at once (then this is not an IBAN of that country). At most 2 × 30 characters
 * are read.
 */
function bbanEnd(text: string, from: number, count: number): number | undefined {
  let i = from;
  for (let read = 0; read < count; read++) {
    const code = text.charCodeAt(i);
    if (separatorCodes.has(code) && isAlphanumeric(text.charCodeAt(i + 1))) i++;
    if (!isAlphanumeric(text.charCodeAt(i))) return undefined;
    i++;
  }
  return /[\p{L}\p{N}]/u.test(text[i] ?? ' ') ? undefined : i;
}

type Verdict = '[téléphone]' | '[carte]' | 'SIRET' | undefined;

/**
 * Finds phone and card numbers in a run of digit groups («le 12 06 12 34 56 78»): windows of
 * whole groups, longest first, of at most 23 digits, so the work per group is bounded. A window
 * read as a SIRET is kept whole, so that no phone or card is found inside it; `labelled` (the
 * word SIRET or SIREN just before the run) speaks for the window that starts the run only.
 */
function scrubDigitRun(run: string, labelled: boolean, redact: (tag: string) => string): string {
  const tokens = run.match(/\+|\(\d+\)|\d+|[^\d+()]+/g) ?? [];
  const digits = tokens.map(digitsOf);
  const isPlain = (token: string | undefined) => token !== undefined && /^\d+$/.test(token);
  // digitsBefore[k], groupsBefore[k]: how many digits and digit groups tokens 0…k-1 hold, so
  // a window's counts cost nothing.
  const digitsBefore = [0];
  const groupsBefore = [0];
  for (const group of digits) {
    digitsBefore.push((digitsBefore.at(-1) as number) + group.length);
    groupsBefore.push((groupsBefore.at(-1) as number) + (group === '' ? 0 : 1));
  }
  let out = '';
  let i = 0;
  while (i < tokens.length) {
    const plus = tokens[i] === '+';
    let match: { end: number; verdict: NonNullable<Verdict> } | undefined;
    if (isPlain(plus ? tokens[i + 1] : tokens[i])) {
      // Longest first; no number we look for has fewer than 8 digits or more than 23 (0033 + 19),
      // so windows end within a few dozen groups: the work per group is bounded, the run linear.
      let limit = i + 1;
      while (
        limit < tokens.length &&
        (digitsBefore[limit + 1] as number) - (digitsBefore[i] as number) <= 23
      )
        limit++;
      const first = tokens[plus ? i + 1 : i] as string;
      for (let end = limit; end > i && !match; end--) {
        const count = (digitsBefore[end] as number) - (digitsBefore[i] as number);
        const groups = (groupsBefore[end] as number) - (groupsBefore[i] as number);
        const wholeRun = i === 0 && end === tokens.length;
        if (!plausible(plus, first, count, groups, i === 0, wholeRun) || digits[end - 1] === '') {
          continue;
        }
        const verdict = classify(plus, tokens.slice(i, end), labelled && i === 0, wholeRun);
        if (verdict) match = { end, verdict };
      }
    }
    if (match) {
      out +=
        match.verdict === 'SIRET' ? tokens.slice(i, match.end).join('') : redact(match.verdict);
      i = match.end;
    } else {
      out += tokens[i];
      i++;
    }
  }
  return out;
}

/** The digits a token adds to a number: its own, those of a bracketed area code, none for «(0)». */
function digitsOf(token: string): string {
  if (/^\d+$/.test(token)) return token;
  if (token.startsWith('(') && token !== '(0)') return token.slice(1, -1);
  return '';
}

/**
 * Whether a window whose first digit group is `first`, holding `count` digits in `groups` groups,
 * could be a number we look for: the cheap test that keeps the work per group small (measured:
 * without the grouping test every window reached `classify`, and 5,000 characters of «4-4-4-…»
 * took 47–63 ms instead of 3–5). `wholeRun`: the window is the whole run of digits, which
 * happens once per run.
 */
function plausible(
  plus: boolean,
  first: string,
  count: number,
  groups: number,
  runStart: boolean,
  wholeRun: boolean,
): boolean {
  if (plus) return count >= 8 && count <= 15; // E.164, +33 included
  // 0033…, 00 44…, 001 202…: the first group is 00 alone or holds a whole country code, so 00
  // then a code cut in two («005 33 000 12», inside the SIRET 2 101 005 33 000 12) is no number.
  // The only codes of one digit are 1 (North America) and 7 (Russia, Kazakhstan).
  if (first.startsWith('00')) {
    const wholeCode = first.length !== 3 || first === '001' || first === '007';
    return wholeCode && count >= 10 && count <= 17;
  }
  if (first[0] === '0') return count === 10 && (first.length === 2 || first.length === 10);
  if ((first[0] as string) < '2' || (first[0] as string) > '6') return false;
  // A card that is the whole run, however grouped («41111111 11111111»). Inside a longer run,
  // cards as printed: one block, or fours (4-6-5 and 4-6-4 too). A SIRET where a run starts, as
  // SIRETs are written, and not at every group, which would cost a `classify` per group.
  if (wholeRun || (count === 14 && runStart)) return count >= 13 && count <= 19;
  return count >= 13 && count <= 19 && (groups === 1 || first.length === 4);
}

/**
 * What a window of digit groups is. `labelled`: «SIRET» or «SIREN» just before it; `wholeRun`:
 * no digit group touches it on either side.
 */
function classify(plus: boolean, tokens: string[], labelled: boolean, wholeRun: boolean): Verdict {
  const groups = tokens.map(digitsOf).filter((group) => group !== '');
  const digits = groups.join('');
  const sizes = groups.map((group) => group.length);
  // International (E.164): + or 00, then 8 to 15 digits, however grouped, «(0)» left out and an
  // area code in brackets counted. +33 and 0033 are among them.
  if (plus) return /^[1-9]\d{7,14}$/.test(digits) ? '[téléphone]' : undefined;
  if (/^00[1-9]\d{7,14}$/.test(digits)) return '[téléphone]';
  if (tokens.some((token) => token.startsWith('('))) return undefined;
  // French numbers as people write them: 0612345678, 06 12 34 56 78, and 01 5544 5864 (pairs
  // merged, as django-localflavor's form takes them). Not in any grouping: in «2 85 05 78 006 048
  // 76», 05 78 006 048 are ten digits too, and «le 01.02.2024 14 h» is a date and an hour.
  if (/^0[1-9]\d{8}$/.test(digits) && ['10', '2,2,2,2,2', '2,4,4'].includes(sizes.join())) {
    return '[téléphone]';
  }
  // Cards: 13 to 19 digits from an issuer range starting 2–6 (Visa, Mastercard, CB, Amex…) with
  // a valid Luhn digit.
  const card = isCardNumber(digits);
  if (digits.length === 14) {
    // The only cards of 14 digits are Diners Club's (30, 36, 38, 39: Stripe's 3622 720627 1667);
    // Visa, Mastercard, CB, Amex, JCB, Discover and UnionPay issue no 14-digit numbers. A SIRET
    // passes Luhn like a card, and one window in a hundred passes the SIRET check by chance:
    // «dossier 2024 06 13 80 27 74» is a year and a phone. So a SIRET is kept whole only when «SIRET» is
    // just before it or it is written as SIRETs are (one block, 9+5, 3-3-3-5; in Diners' ranges
    // one block is a card's writing too, and a leaked card costs more than a hidden SIRET), and
    // never when its last ten digits are written as a French phone number. Otherwise the shorter
    // windows inside it are looked at, and a phone there is found.
    const diners = /^3[0689]/.test(digits);
    const siret = isSiret(digits) && !endsWithPhone(digits, sizes);
    if (siret && (labelled || (writtenAsSiret(tokens, sizes) && !(diners && sizes.length === 1)))) {
      return 'SIRET';
    }
    if (!diners) return undefined;
    // A number that could be a SIRET is a card only as cards are printed.
    if (isSiret(digits)) return card && writtenAsCard(sizes) ? '[carte]' : undefined;
  }
  // As printed (in fours, or 4-6-5 and 4-6-4) inside a longer run of digits: grouped otherwise,
  // as in «320 00074 06 12 34» (the end of a SIRET and a phone), they were not copied from a card.
  // A run that is nothing but the number may be grouped any way: «4111 11111111 1111».
  return card && (wholeRun || writtenAsCard(sizes)) ? '[carte]' : undefined;
}

/** What may separate the groups of a SIRET as written: a space of any kind, or a dot. */
const siretSeparator = new RegExp(`^[${spaces}.]$`);

/** 14 digits as SIRETs are written: 73282932000074, 732829320 00074, 732 829 320 00074. */
function writtenAsSiret(tokens: string[], sizes: number[]): boolean {
  if (!['14', '9,5', '3,3,3,5'].includes(sizes.join())) return false;
  return tokens.every((token) => /^\d+$/.test(token) || siretSeparator.test(token));
}

/**
 * Whether the last ten digits are a French phone number as written (0612345678, 06 12 34 56 78,
 * 01 5544 5864): then the window is a number and a phone, even after the word SIRET.
 */
function endsWithPhone(digits: string, sizes: number[]): boolean {
  if (!/^0[1-9]/.test(digits.slice(-10))) return false;
  let count = 0;
  let k = sizes.length;
  while (k > 0 && count < 10) count += sizes[--k] as number;
  return count === 10 && ['10', '2,4,4', '2,2,2,2,2'].includes(sizes.slice(k).join());
}

/**
 * One block, or fours with a shorter last group, or Amex's and Diners' 4-6-5 and 4-6-4: digits
 * grouped otherwise («320 00074 06 12 34» inside a SIRET and a phone) were not copied from a card.
 */
function writtenAsCard(sizes: number[]): boolean {
  const last = sizes.at(-1) as number;
  if (sizes.slice(0, -1).every((size) => size === 4) && last <= 4) return true;
  return sizes.length === 1 || ['4,6,4', '4,6,5'].includes(sizes.join());
}

/**
 * INSEE's SIRET: a SIREN (9 digits, Luhn) then the establishment's number, the whole passing
 * Luhn, except La Poste's establishments (SIREN 356000000), whose digits add up to a multiple of
 * 5 instead (python-stdnum's rule; its head office, 356 000 000 00048, passes Luhn).
 */
function isSiret(digits: string): boolean {
  if (!luhn(digits.slice(0, 9))) return false;
  if (luhn(digits)) return true;
  const sum = [...digits].reduce((total, digit) => total + Number(digit), 0);
  return digits.startsWith('356000000') && sum % 5 === 0;
}

/** 13 to 19 digits from an issuer range starting 2–6, with a valid check digit. */
function isCardNumber(digits: string): boolean {
  return /^[2-6]\d{12,18}$/.test(digits) && luhn(digits);
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

/** NIR key = 97 − (13 first digits mod 97), with Corsica's 2A and 2B counted as 19 and 18. */
function isNir(candidate: string): boolean {
  const compact = lettersAndDigits(candidate);
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(compact.slice(13));
}

/** ISO 13616's check for IBANs (country and check digits moved to the end), and the NIR key. */
function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const char of alphanumeric) {
    const value = Number.parseInt(char, 36); // 0–9, then A=10 … Z=35
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}
