/**
 * Comments as people write them, for the topics benchmark: sentences of a few dozen patterns,
 * with varied words, typos without accents and rare words (about 40 % carry a code of their own,
 * «dossier 1a2bx», so many terms are in one comment or two), and a subject that rises in the
 * last quarter before `end`.
 */
const day = 86_400_000;

const openings = [
  'Impossible de me connecter avec FranceConnect',
  'Le paiement par carte bancaire a été refusé',
  'Je n’ai pas trouvé où joindre le justificatif de domicile',
  'Le délai de traitement n’est indiqué nulle part',
  'Démarche rapide, rien à redire',
  'Très clair, merci',
  'Le site a planté deux fois avant la validation',
  'Impossible de joindre quelqu’un par téléphone',
  'Les pièces justificatives demandées ne sont pas claires',
  'J’attends une réponse depuis trois semaines',
  'Le formulaire est trop long',
  'Mon mot de passe ne fonctionne plus',
  'La page reste blanche après l’envoi',
  'Bien expliqué, démarche simple',
  'Je ne comprends pas le vocabulaire administratif',
  'Il faudrait pouvoir enregistrer et reprendre plus tard',
  'Le téléchargement du document échoue',
  'On ne sait pas combien d’étapes il reste',
  'Merci pour la rapidité',
  'Le code reçu par SMS n’arrive jamais',
];
const details = [
  'depuis mon téléphone',
  'sur ordinateur',
  'avec mon fils',
  'pour la troisième fois',
  'alors que tout était rempli',
  'sans message d’erreur',
  'et personne ne répond',
  'c’est décourageant',
  'mais au final ça a marché',
  'vraiment pénible',
];
const unaccented = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/** A comment as people write them: one or two sentences, sometimes without accents. */
export function madeUpComment(random: () => number, time: number, end: number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  // A rising subject in the last quarter: the code by SMS, as a new release would break it.
  const late = time > end - 90 * day && random() < 0.1;
  let text = late ? 'Le code reçu par SMS n’arrive jamais' : pick(openings);
  if (random() < 0.6) text += ` ${pick(details)}`;
  if (random() < 0.3) text += `. ${pick(openings)}`;
  // Rare words: names of towns, forms, typos, as every real set of comments has.
  if (random() < 0.4) text += ` (dossier ${Math.floor(random() * 100_000).toString(36)}x)`;
  return random() < 0.2 ? unaccented(text.toLowerCase()) : `${text}.`;
}

/** A small seeded generator: the same corpus at every run. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
