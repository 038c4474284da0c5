import { defineLabels } from './labels.ts';

/**
 * The words of the organisations' screens (docs/design.md §11); French is the reference. A name
 * is never glued after «de», «à» or «dans» (issue 27: «journal de Organisation par défaut»):
 * it follows «l’organisation», or stands after a dash, so that any name reads right.
 */
export const organisationLabels = defineLabels(
  {
    organisation: 'Organisation',
    organisations: 'Organisations',
    allOrganisations: 'Toutes les organisations',
    manageOrganisation: (name: string) => `Personnes et journal — ${name}`,
    people: 'Personnes',
    peopleCaption: (name: string) => `Personnes de l’organisation ${name}`,
    role: 'Rôle dans l’organisation',
    procedureRoles: 'Rôles sur les démarches',
    none: 'aucun',
    admin: 'Administrateur',
    member: 'Membre',
    owner: 'propriétaire',
    viewer: 'lecteur',
    makeAdmin: 'Nommer administrateur',
    makeMember: 'Retirer le rôle d’administrateur',
    remove: 'Retirer de l’organisation',
    actions: 'Actions',
    actionsFor: (email: string) => `Actions pour ${email}`,
    noPeople: 'Personne pour l’instant.',
    journal: 'Journal',
    journalCaption: (name: string) => `Dernières actions dans l’organisation ${name}`,
    done: 'C’est fait.',
    requests: 'Demandes d’accès',
    requestsIntro:
      'Ces personnes se sont connectées avec ProConnect, avec une adresse de votre organisation, et n’ont pas encore de compte. Accepter leur donne le rôle de membre\u202f; refuser les empêche de redemander pendant 30 jours.',
    requestsCaption: (name: string) => `Demandes d’accès à l’organisation ${name} en attente`,
    requestedAt: 'Demandée le',
    approve: 'Accepter',
    refuse: 'Refuser',
    organisationName: 'Nom de votre organisation (facultatif)',
    organisationNameHint:
      'Par exemple\u202f: Préfecture de l’Ain. Il est affiché sur les pages publiques des résultats\u202f; vous pourrez le changer ensuite.',
  },
  {
    organisation: 'Organisation',
    organisations: 'Organisations',
    allOrganisations: 'All organisations',
    manageOrganisation: (name: string) => `People and log — ${name}`,
    people: 'People',
    peopleCaption: (name: string) => `People of ${name}`,
    role: 'Role in the organisation',
    procedureRoles: 'Roles on procedures',
    none: 'none',
    admin: 'Administrator',
    member: 'Member',
    owner: 'owner',
    viewer: 'viewer',
    makeAdmin: 'Make administrator',
    makeMember: 'Take the administrator role away',
    remove: 'Remove from the organisation',
    actions: 'Actions',
    actionsFor: (email: string) => `Actions for ${email}`,
    noPeople: 'Nobody yet.',
    journal: 'Log',
    journalCaption: (name: string) => `Latest actions in ${name}`,
    done: 'Done.',
    requests: 'Access requests',
    requestsIntro:
      'These people signed in with ProConnect, with an address of your organisation, and have no account yet. Approving makes them members; refusing stops them asking again for 30 days.',
    requestsCaption: (name: string) => `Pending access requests to ${name}`,
    requestedAt: 'Asked on',
    approve: 'Approve',
    refuse: 'Refuse',
    organisationName: 'Name of your organisation (optional)',
    organisationNameHint:
      'For example: Préfecture de l’Ain. It is shown on the public results pages; you can change it later.',
  },
);
