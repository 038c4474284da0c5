import type { HelpChannel, SatisfactionLevel } from './questionnaire.ts';

/**
 * The words of the answers' codes (questionnaire.ts), which the dashboard and the CSV
 * export show too. Typed so that every language names each code, and only them.
 */
type AnswerWords = {
  satisfactionAnswers: Record<SatisfactionLevel, string>;
  helpChannels: Record<HelpChannel, string>;
  yes: string;
  no: string;
};

export const frAnswers = {
  satisfactionAnswers: { bad: 'Pas bien', medium: 'Moyen', good: 'Très bien' },
  helpChannels: {
    counter: 'Au guichet',
    phone: 'Par téléphone',
    email: 'Par e-mail',
    chat: 'Par chat',
    relative: 'Une personne proche',
    association: 'Une association',
    websites: 'Des sites internet',
    other: 'Autres, précisez',
    none: 'Je n’ai pas eu besoin d’aide',
  },
  yes: 'Oui',
  no: 'Non',
} satisfies AnswerWords;

export const enAnswers: AnswerWords = {
  satisfactionAnswers: { bad: 'Not well', medium: 'Average', good: 'Very well' },
  helpChannels: {
    counter: 'At a service desk',
    phone: 'By phone',
    email: 'By e-mail',
    chat: 'By chat',
    relative: 'Someone close to me',
    association: 'A charity or association',
    websites: 'Websites',
    other: 'Others, please specify',
    none: 'I did not need help',
  },
  yes: 'Yes',
  no: 'No',
};

export const esAnswers: AnswerWords = {
  satisfactionAnswers: { bad: 'Mal', medium: 'Regular', good: 'Muy bien' },
  helpChannels: {
    counter: 'En una oficina',
    phone: 'Por teléfono',
    email: 'Por correo electrónico',
    chat: 'Por chat',
    relative: 'Una persona cercana',
    association: 'Una asociación',
    websites: 'Sitios web',
    other: 'Otros, especifique',
    none: 'No he necesitado ayuda',
  },
  yes: 'Sí',
  no: 'No',
};

/**
 * The answers' words alone, for the dashboard: its every page shows them, where the whole
 * questionnaire's words (questionnaire-words.ts) are for the widget, the hosted page and
 * «Questionnaire»'s preview only (its own chunk: the log-in page does not load them).
 */
export const answerLabels = { fr: frAnswers, en: enAnswers, es: esAnswers };
