import { describe, expect, it } from 'vitest';
import { scrubComment } from '../../server/src/privacy/scrub-comment.ts';

/**
 * The scrubber against numbers that other projects and standards bodies publish as their own
 * test data, each list saying where it comes from, set in the French sentences a person would
 * write. Personal numbers must come back as their placeholder; business and reference numbers
 * must come back as written.
 */

const placeholders = /\[(courriel|téléphone|NIR|IBAN|carte)\]/g;

function expectScrubbed(input: string, expected: string) {
  const { text, redactions } = scrubComment(input);
  expect(text).toBe(expected);
  expect(redactions).toBe((expected.match(placeholders) ?? []).length);
}

// python-stdnum, tests/test_fr_siret.doctest: «found online and should all be valid numbers»,
// with the spacing found there, then La Poste's establishments, whose SIRET is checked by the
// sum of its digits (356 000 000 09075…) and its head office's, by Luhn (35600000000048).
const stdnumSirets = [
  '0 5 7 8 1 3 1 3 1 0 0 0 2 6',
  '1 800 700 39 00 110',
  '2 00 03 00 13 000 11',
  '2 101 005 33 000 12',
  '2 777 000 43 000 15',
  '3 1 0 1 8 8 4 2 0 00 0 8 0',
  '3 12 494 529 000 34',
  '3 24 34 54 20 000 40',
  '30206838200050',
  '314 901 323 00043',
  '31719324100013',
  '32228438100017',
  '32650798500058',
  '32738082000032',
  '329.338.88300153',
  '32929695800039',
  '33770320100034',
  '34530016400018',
  '380 321 430 00023',
  '38446899700034',
  '38536958200023',
  '389 011 529 00036',
  '38981890700203',
  '39039475700020',
  '39102766100050',
  '4 0 0 9 0 8 5 0 5 0 0 0 11',
  '4 0 3 3 1 4 6 6 9 0 0 0 4 1',
  '4 0 9 0 8 5 2 1 4 0 0 0 2 4',
  '4 2 0 3 0 9 6 2 7 0 0 0 3 2',
  '4 4 3 4 8 9 2 7 3 0 0 0 1 3',
  '4 4 3 5 4 9 8 7 8 0 0 0 4 1',
  '4 8 2 7 8 1 9 11 0 0 0 11',
  '40300300700032',
  '44126652500019',
  '44142526100019',
  '44796433900017',
  '479 461 675 00049',
  '5 12 326 653 000 15',
  '5 17 758 173 000 10',
  '50397442000021',
  '513 133 637 000 35',
  '52524288900042',
  '542 097 324 0006 6',
  '652 059 213 00023',
  '7 7821 0526 00019',
  '775.563.232.00104',
  '778 239 798 000 11',
  '79068156300017',
  '8 1 0 2 4 7 3 8 7 0 0 0 1 4',
  '8 1002665800015',
  '8 21 114 55000014',
  '356 000 000 09075',
  '35600000000048',
  '35600000049837',
];

// django-localflavor, tests/test_fr/tests.py: test_FRSIRETNumber's valid values, La Poste's
// included (35600000014597), and python-stdnum's stdnum/fr/siret.py docstring (732 829 320 00074).
const otherSirets = [
  '75293271500010',
  '752 932 715 00010',
  '752-932-715-00010',
  '35600000014597',
  '732 829 320 00074',
  '73282932000074',
];

// python-stdnum, tests/test_fr_siren.doctest; django-localflavor's test_FRSIRENNumber (752 932 715
// with spaces and dashes, La Poste's 356000000); csv-detective's formats/siren.py (552 100 554).
const sirens = [
  '217601 145',
  '3 1 0 1 8 8 4 2 0',
  '350792008',
  '480318245',
  '500 674 056',
  '529290488',
  '738 205 269',
  '752136200',
  '752490334',
  '775 699 309',
  '775672272',
  '776 944 944',
  '820043784',
  '752932715',
  '752 932 715',
  '752-932-715',
  '356000000',
  '552 100 554',
];

/** Diners Club's ranges, the only ones with 14-digit cards: written alone, the two overlap. */
const couldBeDiners = (siret: string) => /^3[0689]\d{12}$/.test(siret);

describe('SIREN and SIRET numbers, which name a business, are kept', () => {
  it.each([...stdnumSirets, ...otherSirets])(
    'the SIRET «%s» is kept after the word SIRET',
    (siret) => {
      const sentence = `Notre numéro SIRET est le ${siret}, et l'inscription est refusée.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it.each([...stdnumSirets, ...otherSirets].filter((siret) => !couldBeDiners(siret)))(
    'the SIRET «%s» is kept with nothing saying what it is',
    (siret) => {
      const sentence = `L'établissement ${siret} n'apparaît pas dans l'annuaire.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it.each(['380 321 430 00023', '389 011 529 00036'])(
    'the SIRET «%s», in a card range but grouped as a SIRET, is kept with nothing saying what it is',
    (siret) => {
      const sentence = `L'établissement ${siret} n'apparaît pas dans l'annuaire.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it.each(sirens)('the SIREN «%s» is kept', (siren) => {
    const sentence = `La société (SIREN ${siren}) n'a jamais reçu de réponse.`;
    expectScrubbed(sentence, sentence);
  });

  it('a SIRET followed by a phone number keeps the SIRET and hides the phone', () => {
    expectScrubbed('SIRET 380 321 430 00023 06 12 34 56 78', 'SIRET 380 321 430 00023 [téléphone]');
  });

  // authorize.net's Diners Club test card 38000000000006 also passes both SIRET checks, as does
  // python-stdnum's SIRET 38446899700034: written bare, nothing tells them apart.
  it.each(['38000000000006', '38446899700034', '3800 000000 0006'])(
    'a number that could be a Diners Club card or a SIRET, «%s», with nothing saying which, is redacted',
    (number) => {
      expectScrubbed(`Payé avec ${number} hier.`, 'Payé avec [carte] hier.');
    },
  );
});

// python-stdnum, stdnum/fr/nir.py docstring (Corsica's 2A and 2B included); django-localflavor,
// tests/test_fr/tests.py, test_FRNationalIdentificationNumber's valid values that INSEE's key
// confirms (its 2A/2B ones are computed with A and B as 0, not as INSEE's 19 and 18, and are left
// out), temporary numbers starting with 8 and months 20, 30–42, 50–99 included.
const nirs = [
  '2 95 10 99 126 111 93',
  '295109912611193',
  '253072B07300470',
  '253072A07300443',
  '2 53 07 2A 073 004 43',
  '869067543002289',
  '869069713002256',
  '869069854002248',
  '870062009002285',
  '105062009002231',
  '869069913802253',
  '140200109002223',
  '141330109002285',
  '142580109002248',
  '143990109002273',
];

describe('NIR (social security numbers) are redacted', () => {
  it.each(nirs)('the NIR «%s» is redacted', (number) => {
    expectScrubbed(
      `Mon numéro de sécurité sociale est ${number}, je n'ai pas eu de réponse.`,
      `Mon numéro de sécurité sociale est [NIR], je n'ai pas eu de réponse.`,
    );
  });

  // python-stdnum's nir.py («invalid check digit»), django-localflavor's «Bad Control key».
  it.each(['295109912611199', '869067543002298'])(
    'a NIR-shaped number whose key is wrong, «%s», is kept',
    (number) => {
      const sentence = `Référence ${number} sur le courrier.`;
      expectScrubbed(sentence, sentence);
    },
  );
});

// python-stdnum, tests/test_iban.doctest: sample numbers from SWIFT's IBAN registry, as written
// there: dashes, dots, a space after the country, irregular groups, letters in the account.
const stdnumIbans = [
  'AD12 0001 2030 2003 5910 0100',
  'AT61 1904 3002 3457 3201',
  'BG80 BNBG 9661 1020 3456 78',
  'CH93 0076 2011 6238 5295 7',
  'CY17 0020 0128 0000 0012 0052 7600',
  'CZ65 0800 0000 1920 0014 5399',
  'DE89 3704 0044 0532 0130 00',
  'DK50 0040 0440 1162 43',
  'ES 58 0049 0290 3424 1352 8341',
  'ES10 0075 0080 11 0600658108',
  'ES15-0049-1806-9121-1186-9374',
  'ES72 2013-0692-81-0201150993',
  'ES86 30580157682720001384',
  'FI21 1234 5600 0007 85',
  'FR14 2004 1010 0505 0001 3M02 606',
  'FR1420041010050500013M02606',
  'GB29 NWBK 6016 1331 9268 19',
  'GR16 0110 1250 0000 0001 2300 695',
  'HU42 1177 3016 1111 1018 0000 0000',
  'IE29 AIBK 9311 5212 3456 78',
  'IS14 0159 2600 7654 5510 7303 39',
  'IT60 X054 2811 1010 0000 0123 456',
  'LI21 0881 0000 2324 013A A',
  'LU28 0019 4006 4475 0000',
  'MC11 1273 9000 7000 1111 1000 h79',
  'ME 25 5403 0000 2379 9201 09',
  'MK072 5012 0000 0589 84',
  'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
  'MU17 BOMM 0101 1010 3030 0200 000M UR',
  'NL91 ABNA 0417 1643 00',
  'NO 21 650 405 251 19',
  'NO07.8380.08.06006',
  'NO71.4202.47.14777',
  'PL61 1090 1014 0000 0712 1981 2874',
  'PT50 0002 0123 1234 5678 9015 4',
  'RO49 AAAA 1B31 0075 9384 0000',
  'SE45 5000 0000 0583 9825 7466',
  'SI56 1910 0000 0123 438',
  'SK31 1200 0000 1987 4263 7541',
  'SM86 U032 2509 8000 0000 0270 100',
  'TL 38 008 00123456789101 57',
  'TN59 1000 6035 1835 9847 8831',
  'TR33 0006 1005 1978 6457 8413 26',
  'XK051212012345678906',
  'AD1200012030200359100100',
  'AE070331234567890123456',
  'AL47 2121 1009 0000 0002 3569 8741',
  'AZ21NABZ00000000137010001944',
  'BA39 1290 0794 0102 8494',
  'BH67BMAG00001299123456',
  'BR1800000000141455123924100C2',
  'BR9700360305000010009795493P1',
  'CZ94 5500 0000 0010 1103 8930',
  'DO28BAGR00000001212453611324',
  'EE38 2200 2210 2014 5685',
  'ES04 0075 0078 0605 0005 0355',
  'ES0521053014113400002160',
  'ES2030810089311100269222',
  'ES24 2090 3191 1400 4012 1040',
  'ES27 3183 1500 9600 0121 0562',
  'ES28 2104 0485 5390 6968 2983',
  'ES29 2100 2815 9822 0059 9427',
  'ES37 2038 8700 7861 0000 9781',
  'ES39 0081 0294 66 0001238624',
  'ES58 1465 0100 9719 0014 4593',
  'ES59 0049 5030 1129 1601 1246',
  'ES62 2100 4288 5922 0010 4465',
  'ES72 2048 1075 8334 0000 2171',
  'ES81 0081 5515 2900 0157 5763',
  'ES8521005731710200031769',
  'ES86 2013 0095 1102 0142 6812',
  'ES88 2095 0497 9191 0708 8631',
  'ES91 2100 0418 4502 0005 1332',
  'ES9121000418450200051332',
  'ES98 0049 5442 2227 1606 6973',
  'FI5542345670000081',
  'FO62 6460 0001 6316 34',
  'GE29 NB00 0000 0101 9049 17',
  'GI75 NWBK 0000 0000 7099 453',
  'GL89 6471 0001 0002 06',
  'GT82TRAJ01020000001210029690',
  'HR12 1001 0051 8630 0016 0',
  'IL62 0108 0000 0009 9999 999',
  'JO94CBJO0010000000000131000302',
  'KZ86125KZT5004100100',
  'LB62 0999 0000 0001 0019 0122 9114',
  'LT12 1000 0111 0100 1000',
  'LV80 BANK 0000 4351 9500 1',
  'MD24AG000225100013104168',
  'ME 2551 0000 0000 0623 4133',
  'ME 25510260797324001246',
  'ME25 5050 0001 2345 6789 51',
  'MK07250120000058984',
  'MR13 0002 0001 0100 0012 3456 753',
  'MU17 BOMM0101101030300200000MUR',
  'NO 02 15037577003',
  'NO 05 15030383041',
  'NO 0560110516994',
  'NO 0571 3905 25162',
  'NO 0828014322061',
  'NO 1232600465693',
  'NO 19 4920 06 96270',
  'NO 2342009668904',
  'NO 26 7032 0516 038',
  'NO 31 6018 04 47124',
  'NO 33 4270 06 08551',
  'NO 39 7874 0597 506',
  'NO 402333 06 01019',
  'NO 43 651 204 471 94',
  'NO 44 1850.05.14562',
  'NO05 7058 0555 568',
  'NO1782000193468',
  'NO38 8200 06 10190',
  'NO77 7694 0511 077',
  'NO89 4760 5692 776',
  'PK36SCBL0000001123456702',
  'PS92PALS000000000400123456702',
  'QA58DOHB00001234567890ABCDEFG',
  'RS35 2600 0560 1001 6113 79',
  'SA03 8000 0000 6080 1016 7519',
  'VG96VPVG0000012345678901',
];

// validator.js, test/validators.test.js, «should validate IBAN»: valid values.
const validatorIbans = [
  'BE71 0961 2345 6769',
  'FR76 3000 6000 0112 3456 7890 189',
  'DE91 1000 0000 0123 4567 89',
  'GR96 0810 0010 0000 0123 4567 890',
  'RO09 BCYP 0000 0012 3456 7890',
  'SA44 2000 0001 2345 6789 1234',
  'ES79 2100 0813 6101 2345 6789',
  'CH56 0483 5012 3456 7800 9',
  'GB98 MIDL 0700 9312 3456 78',
  'IL170108000000012612345',
  'TR320010009999901234567890',
  'BR1500000000000010932840814P2',
  'SC52BAHL01031234567890123456USD',
  'LC14BOSL123456789012345678901234',
  'MT31MALT01100000000000000000123',
];

// The IBAN registry's examples again (python-stdnum's list), written with a dash between every
// group, as the issue saw them in comments.
const dashedIbans = [
  'FR14-2004-1010-0505-0001-3M02-606',
  'DE89-3704-0044-0532-0130-00',
  'GB29-NWBK-6016-1331-9268-19',
  'IT60-X054-2811-1010-0000-0123-456',
  'NL91-ABNA-0417-1643-00',
  'CH93-0076-2011-6238-5295-7',
  'LU28-0019-4006-4475-0000',
  'PT50-0002-0123-1234-5678-9015-4',
  'BE71-0961-2345-6769',
  'ES91-2100-0418-4502-0005-1332',
];

describe('IBANs are redacted, whatever their country and however their groups are separated', () => {
  it.each([...stdnumIbans, ...validatorIbans, ...dashedIbans])(
    'the IBAN «%s» is redacted',
    (iban) => {
      expectScrubbed(
        `Merci de rembourser sur ${iban} dès que possible.`,
        'Merci de rembourser sur [IBAN] dès que possible.',
      );
    },
  );

  it('two IBANs in one sentence are both redacted', () => {
    expectScrubbed(
      'Compte FR76-3000-6000-0112-3456-7890-189 ou DE89-3704-0044-0532-0130-00, au choix.',
      'Compte [IBAN] ou [IBAN], au choix.',
    );
  });

  // python-stdnum's «broken checksums or mangled» and «wrong length but otherwise valid
  // checksums» lists; validator.js's invalid «FR14 2004 1010 0505 0001 3».
  it.each([
    'AL48212110090000000235698741',
    'AD1210012030200359100100',
    'BA391290709401028494',
    'BG80BNBG99611020345678',
    'CY17002001281000001200527600',
    'AD48 0001 2030 2003 5910 01',
    'BE36 5390 0754 7034 1234',
    'FR14 2004 1010 0505 0001 3',
  ])('a mangled or wrongly long IBAN, «%s», is kept', (iban) => {
    const sentence = `Le RIB ${iban} est refusé par le formulaire.`;
    expectScrubbed(sentence, sentence);
  });
});

// Stripe's documentation, «Testing» (docs.stripe.com/testing): test cards by brand, written as
// there (one block, or grouped as printed); and the Cartes Bancaires co-badged 4000 0025 0000 1001
// that stripe-ios's CardSectionElementTest uses.
const stripeCards = [
  '4242 4242 4242 4242',
  '4000056655665556',
  '5555 5555 5555 4444',
  '2223003122003222',
  '5200828282828210',
  '5105105105105100',
  '3782 822463 10005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '6011981111111113',
  '3056930009020004',
  '3622 720627 1667',
  '36227206271667',
  '6555900000604105',
  '3566002020360505',
  '6200000000000005',
  '6200000000000047',
  '6205 5000 0000 0000 004',
  '4000 0025 0000 1001',
];

// validator.js, test/validators.test.js, «should validate credit cards» (the valid ones from
// ranges 2–6); authorize.net's test cards (13-digit Visa, Amex, Discover, JCB, Diners).
const otherCards = [
  '375556917985515',
  '36050234196908',
  '4716-2210-5188-5662',
  '4929 7226 5379 7141',
  '5398228707871527',
  '2222155765072228',
  '2720428011723762',
  '6234917882863855',
  '6765780016990268',
  '4716989580001715211',
  '4007000000027',
  '370000000000002',
  '6011000000000012',
  '3088000000000017',
];

describe('payment card numbers are redacted', () => {
  it.each([...stripeCards, ...otherCards])('the card «%s» is redacted', (card) => {
    expectScrubbed(
      `J'ai payé avec la carte ${card} et rien reçu.`,
      `J'ai payé avec la carte [carte] et rien reçu.`,
    );
  });

  // validator.js's invalid cards (a wrong last digit); Stripe's «incorrect_number» card.
  it.each(['5398228707871528', '2718760626256571', '4716989580001715213', '4242424242424241'])(
    'a card-like number whose check digit is wrong, «%s», is kept',
    (number) => {
      const sentence = `Transaction ${number} introuvable.`;
      expectScrubbed(sentence, sentence);
    },
  );
});

// libphonenumber, resources/PhoneNumberMetadata.xml: each country's example numbers (fixed line,
// mobile; read in python-phonenumbers' region_FR/GB/DE/BE/CH/ES/IT.py, generated from it),
// written in that country's national or international format.
const libphonenumberExamples = [
  '01 23 45 67 89',
  '06 12 34 56 78',
  '09 12 34 56 78',
  '+33 1 23 45 67 89',
  '+33 6 12 34 56 78',
  '0033 9 12 34 56 78',
  '+44 121 234 5678',
  '+44 7400 123456',
  '+49 30 123456',
  '+49 151 23456789',
  '+32 12 34 56 78',
  '+32 470 12 34 56',
  '+41 21 234 56 78',
  '0041 74 123 45 67',
  '+34 810 12 34 56',
  '+34 612 34 56 78',
  '+39 02 1234 5678',
  '+39 312 345 6789',
];

// libphonenumber, PhoneNumberMatcherTest.java: numbers it must find in text, area codes in
// brackets included; Ofcom's numbers for drama (020 7946 0xxx) written with the area code in
// brackets, as the issue saw them.
const libphonenumberInText = [
  '+1 (650) 333-6000',
  '+52 (449)978-0001',
  '+64 3 331 6005',
  '0064 3 331 6005',
  '+39 02-36618 300',
  '+54 9 343 555 1212',
  '+44 2034567890',
  '+44 (20) 7946 0958',
  '+44 (0)20 7946 0958',
  '0044 (20) 7946 0958',
];

// django-localflavor, tests/test_fr/tests.py, test_FRPhoneNumberField: the valid ways of
// writing one French number, pairs merged or dotted.
const djangoFrenchPhones = [
  '01 55 44 58 64',
  '0155445864',
  '01 5544 5864',
  '01 55.44.58.64',
  '01.55.44.58.64',
];

describe('phone numbers are redacted, French or international, however they are grouped', () => {
  it.each([...libphonenumberExamples, ...libphonenumberInText, ...djangoFrenchPhones])(
    'the phone number «%s» is redacted',
    (phone) => {
      expectScrubbed(
        `Vous pouvez me rappeler au ${phone} après 18 h.`,
        'Vous pouvez me rappeler au [téléphone] après 18 h.',
      );
    },
  );

  it('a day of the month before a number with merged pairs stays', () => {
    expectScrubbed('rappelé le 12 01 5544 5864', 'rappelé le 12 [téléphone]');
  });
});

// Numbers that are not anyone's: libphonenumber's PhoneNumberMatcherTest IMPOSSIBLE_CASES
// (dates and times) and django-localflavor's invalid «555 015 544»; django-localflavor's postal
// codes (FRZipCodeField); validator.js's ISBN, EAN and ISSN fixtures; amounts, years and a
// dossier number written here.
const notPersonal = [
  'Déposé le 03/27/2011 puis le 31/8/2011.',
  'Rendez-vous du 2012-01-02 08:00 annulé.',
  'Rendez-vous du 01.02.2024 14 h 30 annulé.',
  'Horodatage 20120102 08:00 sur le reçu.',
  'Le 1/12/2011, rien.',
  'Numéro 555 015 544 inconnu.',
  'J’habite 75001 Paris, mon frère au 93200 Saint-Denis.',
  'Le guide ISBN 978-3-8362-2119-1 (ou 3-8362-2119-5) est épuisé.',
  'Code-barres 9783161484100 et 4012345678901 sur la boîte.',
  'Revue ISSN 0378-5955.',
  'On m’a prélevé 1 250,50 € puis 12 500 € en 2023 et en 2024.',
  'Mon dossier n° 2024-0012345 est bloqué depuis le 12.03.2024.',
  'Montant de 1 234 567 890 123 € annoncé par erreur.',
  'Après un délai de 12 jours et 3 relances, toujours rien.',
];

describe('numbers that are not personal data stay as written', () => {
  it.each(notPersonal)('«%s» is kept', (sentence) => {
    expectScrubbed(sentence, sentence);
  });
});

/**
 * The numbers above as French word processors and phones write them: a no-break space (U+00A0),
 * a narrow no-break space (U+202F) or a thin space (U+2009) wherever a space was.
 */
const otherSpaces = [
  ['no-break space', '\u00A0'],
  ['narrow no-break space', '\u202F'],
  ['thin space', '\u2009'],
] as const;

/** [the number respaced, the name of its space] for each number above that holds a space. */
const respaced = (numbers: string[]) =>
  otherSpaces.flatMap(([name, space]) =>
    numbers
      .filter((number) => number.includes(' '))
      .map((number) => [number.replaceAll(' ', space), name] as const),
  );

describe('numbers written with no-break or thin spaces are read as with plain ones', () => {
  it.each(respaced([...libphonenumberExamples, ...libphonenumberInText, ...djangoFrenchPhones]))(
    'the phone number «%s» (%s) is redacted',
    (phone) => {
      expectScrubbed(
        `Vous pouvez me rappeler au ${phone} après 18 h.`,
        'Vous pouvez me rappeler au [téléphone] après 18 h.',
      );
    },
  );

  it.each(respaced([...stdnumIbans, ...validatorIbans]))(
    'the IBAN «%s» (%s) is redacted',
    (iban) => {
      expectScrubbed(
        `Merci de rembourser sur ${iban} dès que possible.`,
        'Merci de rembourser sur [IBAN] dès que possible.',
      );
    },
  );

  it.each(respaced(nirs))('the NIR «%s» (%s) is redacted', (number) => {
    expectScrubbed(
      `Mon numéro de sécurité sociale est ${number}, je n'ai pas eu de réponse.`,
      `Mon numéro de sécurité sociale est [NIR], je n'ai pas eu de réponse.`,
    );
  });

  it.each(respaced([...stripeCards, ...otherCards]))('the card «%s» (%s) is redacted', (card) => {
    expectScrubbed(
      `J'ai payé avec la carte ${card} et rien reçu.`,
      `J'ai payé avec la carte [carte] et rien reçu.`,
    );
  });

  it('a phone, an IBAN, a NIR and a card in one comment, each spaced its own way, are all hidden', () => {
    expectScrubbed(
      'Tél. 06\u00A012\u00A034\u00A056\u00A078, IBAN FR76\u202F3000\u202F6000\u202F0112\u202F3456' +
        '\u202F7890\u202F189, NIR 2\u00A095\u00A010\u00A099\u00A0126\u00A0111\u00A093, carte' +
        ' 4242\u202F4242\u202F4242\u202F4242.',
      'Tél. [téléphone], IBAN [IBAN], NIR [NIR], carte [carte].',
    );
  });

  it.each(respaced([...stdnumSirets, ...otherSirets]))(
    'the SIRET «%s» (%s) is kept after the word SIRET',
    (siret) => {
      const sentence = `Notre numéro SIRET est le ${siret}, et l'inscription est refusée.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it.each(respaced([...stdnumSirets, ...otherSirets].filter((siret) => !couldBeDiners(siret))))(
    'the SIRET «%s» (%s) is kept with nothing saying what it is',
    (siret) => {
      const sentence = `L'établissement ${siret} n'apparaît pas dans l'annuaire.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it.each(respaced(['380 321 430 00023', '389 011 529 00036']))(
    'the SIRET «%s» (%s), in a card range but grouped as a SIRET, is kept unlabelled',
    (siret) => {
      const sentence = `L'établissement ${siret} n'apparaît pas dans l'annuaire.`;
      expectScrubbed(sentence, sentence);
    },
  );

  it('a SIRET then a phone number, narrow no-break spaces throughout: the SIRET stays, the phone goes', () => {
    expectScrubbed(
      'SIRET 380\u202F321\u202F430\u202F00023\u202F06\u202F12\u202F34\u202F56\u202F78',
      'SIRET 380\u202F321\u202F430\u202F00023\u202F[téléphone]',
    );
  });

  it.each([
    'Facture de 1\u202F234,56\u00A0€ réglée deux fois.',
    'Facture de 1\u00A0234,56\u00A0€ réglée deux fois.',
    ...respaced(notPersonal).map(([sentence]) => sentence),
  ])('«%s» is kept', (sentence) => {
    expectScrubbed(sentence, sentence);
  });

  it('an amount then a phone number, with narrow no-break spaces: the amount stays, the phone goes', () => {
    expectScrubbed(
      'On m’a prélevé 1\u202F234,56\u00A0€, rappelez-moi au 06\u202F12\u202F34\u202F56\u202F78.',
      'On m’a prélevé 1\u202F234,56\u00A0€, rappelez-moi au [téléphone].',
    );
  });
});
