import { defineLabels } from './labels.ts';

/**
 * The words of publishing and «Vous avez dit, nous avons fait» in the dashboard
 * (docs/design.md §10).
 */
export const transparencyLabels = defineLabels(
  {
    publication: 'Publication des résultats',
    isPublic: 'Les résultats de cette démarche sont publiés.',
    isPrivate: 'Les résultats de cette démarche ne sont pas publiés.',
    publish: 'Publier les résultats de cette démarche',
    publishHint:
      'Tout le monde pourra voir, sans se connecter, les indicateurs des 12 derniers mois, leur évolution et ce que vous avez changé. Jamais les commentaires ni les réponses une par une\u202f; un chiffre qui repose sur trop peu d’avis n’est pas affiché.',
    preview: 'Voir la page telle qu’elle sera publiée',
    publicPage: 'Voir la page publique',
    published: 'Résultats publiés.',
    unpublished: 'Résultats retirés\u202f: la page publique n’existe plus.',
    improvements: 'Vous avez dit, nous avons fait',
    improvementsIntro:
      'Dites aux usagers ce que vous avez changé grâce à leurs avis. Ces textes sont affichés sur la page publique de la démarche.',
    noImprovement: 'Aucun changement publié pour le moment.',
    newImprovement: 'Ajouter un changement',
    date: 'Date du changement',
    title: 'Titre',
    titleHint:
      'Ce qui a changé, en quelques mots. Par exemple\u202f: «\u202fUn justificatif de moins\u202f».',
    text: 'Texte',
    textHint:
      'Ce que les usagers vous ont dit, ce que vous avez changé, et ce que cela change pour eux. Des phrases courtes, sans sigle ni jargon. Du texte seulement\u202f: pas de HTML.',
    link: 'Lien pour en savoir plus (facultatif)',
    linkHint: 'Une adresse qui commence par https://',
    add: 'Publier ce changement',
    added: 'Changement publié.',
    remove: 'Supprimer',
    edit: 'Modifier',
    /** Before what follows a word, in the language's spacing: «Modifier : titre». */
    colon: '\u202f: ',
    editImprovement: 'Modifier ce changement',
    saveChange: 'Enregistrer',
    changed: 'Changement enregistré.',
    cancel: 'Annuler',
    removed: 'Changement supprimé.',
    readMore: 'En savoir plus',
  },
  {
    publication: 'Publishing the results',
    isPublic: 'This procedure’s results are published.',
    isPrivate: 'This procedure’s results are not published.',
    publish: 'Publish this procedure’s results',
    publishHint:
      'Anyone will see, without signing in, the indicators of the last 12 months, their trend and what you changed. Never the comments nor single answers; a figure resting on too few answers is not shown.',
    preview: 'See the page as it will be published',
    publicPage: 'See the public page',
    published: 'Results published.',
    unpublished: 'Results taken off: the public page is gone.',
    improvements: 'You said, we did',
    improvementsIntro:
      'Tell users what you changed thanks to their feedback. These texts are shown on the procedure’s public page.',
    noImprovement: 'No change published yet.',
    newImprovement: 'Add a change',
    date: 'Date of the change',
    title: 'Title',
    titleHint: 'What changed, in a few words. For example: “One document fewer”.',
    text: 'Text',
    textHint:
      'What users told you, what you changed, and what it changes for them. Short sentences, no acronyms or jargon. Text only: no HTML.',
    link: 'Link to read more (optional)',
    linkHint: 'An address starting with https://',
    add: 'Publish this change',
    added: 'Change published.',
    remove: 'Delete',
    edit: 'Edit',
    colon: ': ',
    editImprovement: 'Edit this change',
    saveChange: 'Save',
    changed: 'Change saved.',
    cancel: 'Cancel',
    removed: 'Change deleted.',
    readMore: 'Read more',
  },
);
