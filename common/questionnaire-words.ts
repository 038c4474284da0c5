import { enAnswers, esAnswers, frAnswers } from './answer-words.ts';

/**
 * Every word the citizen reads, in one place (docs/design.md §2: the French wording is the
 * reference, it reproduces the government's JDMA questionnaire). Shared with the server's hosted
 * page, so the no-JavaScript form reads exactly like the widget. The widget bundles French only;
 * English is a side file it fetches on English pages (scripts/build.mjs), to keep French pages'
 * bytes down.
 * `{n}` in a label is replaced by a number.
 */
/**
 * The button mode's words, all the widget draws before the questionnaire loads (widget/src/main.ts
 * carries them in every language: 60 bytes, where a side file would cost a request).
 */
export const buttonWords = {
  fr: {
    open: 'Je donne mon avis',
    close: 'Fermer',
    wait: 'Chargement des questions…',
    failed: 'Les questions n’ont pas pu être chargées. Fermez, puis réessayez.',
  },
  en: {
    open: 'Give my feedback',
    close: 'Close',
    wait: 'Loading the questions…',
    failed: 'The questions could not be loaded. Close, then try again.',
  },
  es: {
    open: 'Doy mi opinión',
    close: 'Cerrar',
    wait: 'Cargando las preguntas…',
    failed: 'No se pudieron cargar las preguntas. Cierre y vuelva a intentarlo.',
  },
};

export const fr = /* @__PURE__ */ Object.assign(
  {
    anonymous: 'Vos réponses sont anonymes.',
    satisfaction: 'De façon générale, comment ça s’est passé\u202f?',
    clarity: 'Qu’avez-vous pensé des informations et des instructions fournies\u202f?',
    clarityEnds: ['Pas clair du tout', 'Très clair'],
    // Whole, for each language's spacing before the colon.
    clarityScale: '1\u202f: Pas clair du tout — 5\u202f: Très clair',
    help: 'Durant votre parcours, avez-vous tenté d’obtenir de l’aide par l’un des moyens suivants\u202f?',
    severalAnswers: 'Plusieurs choix possibles',
    helpOther: 'Précisez',
    // Steps 3a and 3b name an administration channel «Par téléphone avec l'administration», 3c
    // «Par téléphone»: the short name is the answer's word (helpChannels), this completes it.
    withAdministration: ' avec l’administration',
    reached:
      'Quand vous avez cherché de l’aide, avez-vous réussi à joindre l’administration\u202f?',
    helpQuality:
      'Comment évaluez-vous la qualité de l’aide que vous avez obtenue de la part de l’administration\u202f?',
    helpQualityAnswers: [
      'Très mauvaise',
      'Mauvaise',
      'Ni bonne, ni mauvaise',
      'Bonne',
      'Excellente',
    ],
    comment: 'Souhaitez-vous nous en dire plus\u202f?',
    commentHint: 'Ne partagez pas d’information personnelle (nom, adresse, numéro de téléphone…).',
    charactersLeft: 'Caractères restants\u202f: {n}',
    send: 'Envoyer',
    chooseAnswer: 'Choisissez une réponse pour envoyer votre avis.',
    more: 'Merci\u202f! Vous pouvez nous en dire plus (facultatif).',
    sent: 'Votre avis a été envoyé.',
    sendLater: 'La connexion a échoué. Votre avis sera envoyé dès qu’elle reviendra.',
    refused: 'Votre avis n’a pas pu être enregistré.',
    thanks: 'Merci pour votre avis\u202f!',
    results: 'Voir les résultats et ce qui a changé',
  },
  frAnswers,
);

// Object.assign marked pure, not a spread: esbuild keeps an object that spreads another (a getter
// could run), which put every English word into the French widget (+520 B gzip) and every French
// one into the dashboard (+590 B gzip).
export const en: Labels = /* @__PURE__ */ Object.assign(
  {
    anonymous: 'Your answers are anonymous.',
    satisfaction: 'Overall, how did it go?',
    clarity: 'What did you think of the information and instructions provided?',
    clarityEnds: ['Not clear at all', 'Very clear'],
    clarityScale: '1: Not clear at all — 5: Very clear',
    help: 'Along the way, did you try to get help in any of the following ways?',
    severalAnswers: 'You can choose several',
    helpOther: 'Please specify',
    withAdministration: ' with the administration',
    reached: 'When you sought help, did you manage to reach the administration?',
    helpQuality: 'How good was the help you got from the administration?',
    helpQualityAnswers: ['Very poor', 'Poor', 'Neither good nor poor', 'Good', 'Excellent'],
    comment: 'Would you like to tell us more?',
    commentHint: 'Do not share personal information (name, address, phone number…).',
    charactersLeft: 'Characters left: {n}',
    send: 'Send',
    chooseAnswer: 'Choose an answer to send your feedback.',
    more: 'Thank you! You can tell us more (optional).',
    sent: 'Your feedback was sent.',
    sendLater: 'No connection. Your feedback will be sent when it is back.',
    refused: 'Your feedback could not be saved.',
    thanks: 'Thank you for your feedback!',
    results: 'See the results and what has changed',
  },
  enAnswers,
);

/** Spanish (issue 17): a side file too, fetched on Spanish pages only. */
export const es: Labels = /* @__PURE__ */ Object.assign(
  {
    anonymous: 'Sus respuestas son anónimas.',
    satisfaction: 'En general, ¿cómo le ha ido?',
    clarity: '¿Qué le han parecido la información y las instrucciones?',
    clarityEnds: ['Nada claras', 'Muy claras'],
    clarityScale: '1: Nada claras — 5: Muy claras',
    help: 'Durante el trámite, ¿ha intentado conseguir ayuda de alguna de estas formas?',
    severalAnswers: 'Puede elegir varias',
    helpOther: 'Especifique',
    withAdministration: ' con la administración',
    reached: 'Cuando buscó ayuda, ¿consiguió contactar con la administración?',
    helpQuality: '¿Cómo valora la ayuda que recibió de la administración?',
    helpQualityAnswers: ['Muy mala', 'Mala', 'Ni buena ni mala', 'Buena', 'Excelente'],
    comment: '¿Quiere contarnos algo más?',
    commentHint: 'No comparta datos personales (nombre, dirección, número de teléfono…).',
    charactersLeft: 'Caracteres restantes: {n}',
    send: 'Enviar',
    chooseAnswer: 'Elija una respuesta para enviar su opinión.',
    more: '¡Gracias! Puede contarnos algo más (opcional).',
    sent: 'Su opinión se ha enviado.',
    sendLater: 'No hay conexión. Su opinión se enviará cuando vuelva.',
    refused: 'No se ha podido guardar su opinión.',
    thanks: '¡Gracias por su opinión!',
    results: 'Ver los resultados y lo que ha cambiado',
  },
  esAnswers,
);

export type Labels = typeof fr;
export const labels = { fr, en, es };
export type Lang = keyof typeof labels;

export const answerLabels = { fr: frAnswers, en: enAnswers, es: esAnswers };
