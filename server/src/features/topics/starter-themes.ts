import type { NewTheme } from '../../store/themes.ts';

/**
 * What people write about most at the end of an online procedure (the list). Each
 * procedure is given these the first time its themes are read; its owners then edit or delete
 * them like their own. Keywords are folded like comments, so one form of a word is enough.
 */
export const starterThemes: readonly NewTheme[] = [
  {
    name: 'Connexion / FranceConnect',
    keywords: ['connexion', 'connecter', 'FranceConnect', 'identifiant', 'mot de passe', 'compte'],
  },
  { name: 'Paiement', keywords: ['paiement', 'payer', 'carte bancaire', 'rembourser', 'frais'] },
  {
    name: 'Pièces justificatives',
    keywords: ['pièce justificative', 'justificatif', 'document', 'télécharger', 'scanner'],
  },
  { name: 'Délais', keywords: ['délai', 'attente', 'attendre', 'long', 'lenteur', 'retard'] },
  {
    name: 'Erreur technique',
    keywords: [
      'erreur',
      'bug',
      'bloqué',
      'plantage',
      'marche pas',
      'fonctionne pas',
      'page blanche',
    ],
  },
  {
    name: 'Joindre quelqu’un',
    keywords: [
      'joindre',
      'téléphone',
      'injoignable',
      'répondre',
      'réponse',
      'contacter',
      'conseiller',
    ],
  },
];
