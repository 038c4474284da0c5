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
  [
    'mon portable 07 81 22 33 44 ou le fixe 04 72 00 11 22',
    'mon portable [téléphone] ou le fixe [téléphone]',
  ],
  // International numbers (E.164)
  ['+44 20 7946 0958', '[téléphone]'],
  ['+1 202 555 0143 aux USA', '[téléphone] aux USA'],
  ['0044 20 7946 0958', '[téléphone]'],
  ['+49 30 1234567', '[téléphone]'],
  ['+32 470 12 34 56', '[téléphone]'],
  // NIR (with the key checked), Corsica included
  ['mon numéro de sécu 2 85 05 78 006 048 77', 'mon numéro de sécu [NIR]'],
  ['NIR : 285057800604877', 'NIR : [NIR]'],
  ['1 69 03 75 123 456 49', '[NIR]'],
  ['né en Corse : 2 85 05 2A 123 456 80', 'né en Corse : [NIR]'],
  ['1 92 02 2B 045 012 28', '[NIR]'],
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
});
