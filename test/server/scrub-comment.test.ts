import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrubComment } from '../../server/src/privacy/scrub-comment.ts';
import { adversarialInputs } from '../fixtures/adversarial-comments.ts';

/** [what a person wrote, what is stored]: real-looking French comments, with and without data. */
const cases: [string, string][] = [
  // E-mail addresses
  ['Écrivez-moi à jean.dupont@gmail.com svp', 'Écrivez-moi à [courriel] svp'],
  ['mon mail : marie_claire+avis@laposte.net.', 'mon mail : [courriel].'],
  ['JEAN.MARTIN@ORANGE.FR', '[courriel]'],
  ['contact: prénom.nom@exemple.gouv.fr merci', 'contact: [courriel] merci'],
  ['a@b.co et c.d@e-f.org', '[courriel] et [courriel]'],
  ['(sophie.durand@free.fr)', '([courriel])'],
  // French phone numbers in every usual shape
  ['Appelez-moi au 06 12 34 56 78 svp', 'Appelez-moi au [téléphone] svp'],
  ['tel 0612345678', 'tel [téléphone]'],
  ['06.12.34.56.78', '[téléphone]'],
  ['06-12-34-56-78 après 18h', '[téléphone] après 18h'],
  ['+33 6 12 34 56 78', '[téléphone]'],
  ['+33612345678', '[téléphone]'],
  ['0033 6 12 34 56 78', '[téléphone]'],
  ['+33 (0)1 23 45 67 89 (bureau)', '[téléphone] (bureau)'],
  ['fixe : 01 23 45 67 89', 'fixe : [téléphone]'],
  ['le 12 06 12 34 56 78', 'le 12 [téléphone]'],
  ['rappel au 09 70 80 90 00 sans succès', 'rappel au [téléphone] sans succès'],
  // A year, then a phone: 20240613802774 passes the SIRET check, but is not written as one
  ['dossier 2024 06 13 80 27 74', 'dossier 2024 [téléphone]'],
  [
    'mon portable 07 81 22 33 44 ou le fixe 04 72 00 11 22',
    'mon portable [téléphone] ou le fixe [téléphone]',
  ],
  // International numbers (E.164)
  ['+44 20 7946 0958', '[téléphone]'],
  ['+1 202 555 0143 aux USA', '[téléphone] aux USA'],
  ['0044 20 7946 0958', '[téléphone]'],
  ['001 202 555 0143', '[téléphone]'],
  ['+49 30 1234567', '[téléphone]'],
  ['+32 470 12 34 56', '[téléphone]'],
  // NIR (with the key checked), Corsica included
  ['mon numéro de sécu 2 85 05 78 006 048 77', 'mon numéro de sécu [NIR]'],
  ['NIR : 285057800604877', 'NIR : [NIR]'],
  ['1 69 03 75 123 456 49', '[NIR]'],
  ['né en Corse : 2 85 05 2A 123 456 80', 'né en Corse : [NIR]'],
  ['1 92 02 2B 045 012 28', '[NIR]'],
  // …with dots or dashes between its parts, as forms print it
  ['NIR 2-69-05-49-588-157-80', 'NIR [NIR]'],
  ['NIR 2.69.05.49.588.157.80', 'NIR [NIR]'],
  ['1-85-05-78-006-084-91', '[NIR]'],
  // IBAN (mod 97 checked), spaced or not, any country
  ['Remboursez sur FR76 3000 6000 0112 3456 7890 189 merci', 'Remboursez sur [IBAN] merci'],
  ['FR7630006000011234567890189', '[IBAN]'],
  ['DE89 3704 0044 0532 0130 00', '[IBAN]'],
  ['GB82 WEST 1234 5698 7654 32', '[IBAN]'],
  ['iban be68 5390 0754 7034', 'iban [IBAN]'],
  // Payment cards (Luhn checked)
  ['carte 4111 1111 1111 1111 débitée deux fois', 'carte [carte] débitée deux fois'],
  ['4111-1111-1111-1111', '[carte]'],
  ['5555555555554444', '[carte]'],
  ['Amex 3782 822463 10005', 'Amex [carte]'],
  // Grouped unusually: a run that is nothing but a card is one, however it is grouped
  ['4111 11111111 1111', '[carte]'],
  ['41111111 11111111', '[carte]'],
  // Several at once, counted one by one
  [
    'Jean, 06 12 34 56 78, jean@free.fr, FR76 3000 6000 0112 3456 7890 189',
    'Jean, [téléphone], [courriel], [IBAN]',
  ],
  // What must stay: dates, times, amounts, procedure numbers, postal codes, references
  ['dossier 2024-123456', 'dossier 2024-123456'],
  ['Mon numéro de dossier est le 123456789', 'Mon numéro de dossier est le 123456789'],
  ['déposé le 12/03/2024 à 14h30', 'déposé le 12/03/2024 à 14h30'],
  ['le 2024-03-12', 'le 2024-03-12'],
  ['rendez-vous le 12.03.2024', 'rendez-vous le 12.03.2024'],
  ['à 15:45 hier', 'à 15:45 hier'],
  ['75011 Paris', '75011 Paris'],
  [
    'j’habite au 12 rue de la Paix, 13001 Marseille',
    'j’habite au 12 rue de la Paix, 13001 Marseille',
  ],
  ['montant : 1 500 € au lieu de 150,50 €', 'montant : 1 500 € au lieu de 150,50 €'],
  ['3 000 000 de dossiers', '3 000 000 de dossiers'],
  ['article L. 123-4 du code', 'article L. 123-4 du code'],
  ['SIRET 732 829 320 00074', 'SIRET 732 829 320 00074'],
  ['référence 0123-4567', 'référence 0123-4567'],
  ['ça a pris 3 semaines et 2 jours', 'ça a pris 3 semaines et 2 jours'],
  ['en 2023 et en 2024', 'en 2023 et en 2024'],
  ['formulaire Cerfa n°12345*03', 'formulaire Cerfa n°12345*03'],
  ['version 2.3.1 du site', 'version 2.3.1 du site'],
  ['avis n° 24 75 123 456 789', 'avis n° 24 75 123 456 789'],
  // Near misses: wrong check digits, too short, not an address
  ['carte 4111 1111 1111 1112', 'carte 4111 1111 1111 1112'],
  ['FR76 3000 6000 0112 3456 7890 188', 'FR76 3000 6000 0112 3456 7890 188'],
  ['2 85 05 78 006 048 76', '2 85 05 78 006 048 76'],
  ['06 12 34 56', '06 12 34 56'],
  ['00 00 00 00 00', '00 00 00 00 00'],
  ['le site @service-public ne marche pas', 'le site @service-public ne marche pas'],
  ['note : 10/10 @ tous', 'note : 10/10 @ tous'],
  ['mail@ incomplet', 'mail@ incomplet'],
  ['Très bien, rien à signaler.', 'Très bien, rien à signaler.'],
  ['', ''],
  // Markup is kept as text (it is escaped wherever it is shown)
  ['<b>06 12 34 56 78</b>', '<b>[téléphone]</b>'],
];

describe('comment scrubbing', () => {
  it('covers at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('%s', (input, expected) => {
    const { text, redactions } = scrubComment(input);
    expect(text).toBe(expected);
    expect(redactions).toBe(
      (expected.match(/\[(courriel|téléphone|NIR|IBAN|carte)\]/g) ?? []).length,
    );
  });

  /**
   * Inputs built to make a backtracking pattern explode, with no personal data in them: each
   * comes back unchanged, nothing found in it; `npm run bench` times them against inputs ten
   * times shorter to show linear growth.
   */
  it.each(adversarialInputs())('survives an adversarial input: %s', (_name, input) => {
    expect(scrubComment(input)).toEqual({ text: input, redactions: 0 });
  });

  /**
   * What lets the test above expect each input back unchanged, checked without the scrubber: no
   * run of digits in them holds a card (13–19 digits from 2–6, valid Luhn digit) written as one
   * is printed, nor is one; at both lengths `npm run bench` uses.
   */
  it.each([500, 5000])('the adversarial inputs of %i characters hold no card number', (length) => {
    const printed = (sizes: number[]) =>
      sizes.length === 1 ||
      (sizes.slice(0, -1).every((size) => size === 4) && (sizes.at(-1) as number) <= 4) ||
      ['4,6,4', '4,6,5'].includes(sizes.join());
    const cards = adversarialInputs(length).flatMap(([name, input]) =>
      [...input.matchAll(/\d(?:[\s.-]?\d)*/g)].flatMap(([run]) => {
        const groups = run.split(/\D/);
        const found: string[] = [];
        for (let i = 0; i < groups.length; i++) {
          for (let j = i + 1; j <= groups.length; j++) {
            const digits = groups.slice(i, j).join('');
            if (digits.length > 19) break;
            const whole = i === 0 && j === groups.length;
            const sizes = groups.slice(i, j).map((group) => group.length);
            if (/^[2-6]\d{12,18}$/.test(digits) && luhn(digits) && (whole || printed(sizes))) {
              found.push(`${name}: ${digits}`);
            }
          }
        }
        return found;
      }),
    );
    expect(cards).toEqual([]);
  });
});

/** Payment card check digit, written again here so that the tests do not lean on the scrubber. */
function luhn(digits: string): boolean {
  const sum = [...digits].reverse().reduce((total, char, i) => {
    const doubled = Number(char) * (i % 2 === 1 ? 2 : 1);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

/** A French number, 01–05, 06, 07 or 09 then eight digits, as pairs split by `separator`. */
const frenchPhone = fc
  .tuple(
    fc.constantFrom('01', '02', '03', '04', '05', '06', '07', '09'),
    fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 4, maxLength: 4 }),
    fc.constantFrom(' ', '.', '-', '\u00A0', '\u202F'),
  )
  .map(([prefix, pairs, separator]) =>
    [prefix, ...pairs.map((pair) => String(pair).padStart(2, '0'))].join(separator),
  );

describe('a phone number after another number is found (14 digits that pass the SIRET check)', () => {
  it('after «dossier 2024», in «06 12 34 56 78» grouping, it is always redacted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('01', '02', '03', '04', '05', '06', '07', '09'),
        fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 4, maxLength: 4 }),
        (prefix, pairs) => {
          const phone = [prefix, ...pairs.map((pair) => String(pair).padStart(2, '0'))].join(' ');
          expect(scrubComment(`dossier 2024 ${phone}`)).toEqual({
            text: 'dossier 2024 [téléphone]',
            redactions: 1,
          });
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('after any four-digit number, however the pairs are separated, it never survives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), frenchPhone, (number, phone) => {
        const { text, redactions } = scrubComment(`dossier ${number} ${phone} merci`);
        expect(text).not.toContain(phone);
        expect(redactions).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 5000 },
    );
  });

  it('even when the word SIRET comes shortly before, it never survives', () => {
    fc.assert(
      fc.property(frenchPhone, (phone) => {
        expect(scrubComment(`SIRET refusé, dossier 2024 ${phone}`).text).toBe(
          'SIRET refusé, dossier 2024 [téléphone]',
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a run of digits that is nothing but a card number is redacted, however it is grouped', () => {
  it('13, 15 to 19 digits from 3–6 with a valid Luhn digit, in groups of any size', () => {
    const card = fc
      .tuple(
        fc.integer({ min: 3, max: 6 }),
        fc.constantFrom(13, 15, 16, 17, 18, 19),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }),
      )
      .map(([first, length, rest]) => {
        const body = `${first}${rest.slice(0, length - 2).join('')}`;
        const check = [...'0123456789'].find((digit) => luhn(body + digit)) as string;
        return body + check;
      });
    fc.assert(
      fc.property(
        card,
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 19 }),
        fc.constantFrom(' ', '.', '-', '\u00A0'),
        (digits, sizes, separator) => {
          const groups: string[] = [];
          let at = 0;
          for (const size of sizes) {
            if (at >= digits.length) break;
            groups.push(digits.slice(at, at + size));
            at += size;
          }
          if (at < digits.length) groups.push(digits.slice(at));
          const written = groups.join(separator);
          expect(scrubComment(`carte ${written} débitée`).text).toBe('carte [carte] débitée');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

it('redacts a card whose last fifteen digits happen to pass the NIR key, whole', () => {
  // Found by the property above (fast-check seed 79898253): «823583447128078» is a valid NIR.
  expect(scrubComment('carte 59 8 823583447128078 débitée').text).toBe('carte [carte] débitée');
  // A NIR alone, or beside words, is still a NIR.
  expect(scrubComment('NIR 823583447128078 merci').text).toBe('NIR [NIR] merci');
});
