import type {
  AuditAction,
  PasswordRefusal,
  RefusalReason,
  SignInMethod,
} from '../../common/audit-codes.ts';
import type { OrganisationRole, Role } from '../../common/roles.ts';
import { formatNumber } from './formats.ts';
import { defineLabels, plural } from './labels.ts';

type Words = {
  caption: string;
  when: string;
  who: string;
  what: string;
  target: string;
  details: string;
  empty: string;
  older: string;
  start: string;
  show: string;
  allActions: string;
  noneOfThem: string;
  /** What a choice of action shows: how many entries, and whether there are older ones. */
  shown: (count: number, more: boolean) => string;
  /** `cli` and `anonymous`, the actors that are not an e-mail. */
  actors: Record<string, string>;
  /** Typed by the server's lists: an action, reason or role added there does not build unworded. */
  actions: Record<AuditAction, string>;
  methods: Record<SignInMethod, string>;
  reasons: Record<RefusalReason | PasswordRefusal, string>;
  roles: Record<Role | OrganisationRole, string>;
  role: (role: string) => string;
  noRole: string;
  /** An approval's role when a higher one was kept. */
  given: (role: string) => string;
  yesNo: [string, string];
  /** The names of the details most entries carry; others are shown as their code. */
  fields: Record<string, string>;
  field: (name: string, value: string) => string;
  /** `api-key:3` and the like: what the number is of. */
  numbered: Record<string, (id: string) => string>;
};

/**
 * The audit log in words (issue 18 §3): the API serves stable codes (`sign-in.refused`,
 * `wrong-password`) that scripts filter on; the people who read the journal read French.
 */
export const auditLabels = defineLabels<Words>(
  {
    caption: 'Dernières actions, sur toute la plateforme',
    when: 'Quand',
    who: 'Qui',
    what: 'Quoi',
    target: 'Sur',
    details: 'Détails',
    empty: 'Rien pour l’instant.',
    older: 'Afficher les entrées plus anciennes',
    show: 'Actions affichées',
    allActions: 'Toutes',
    noneOfThem: 'Aucune entrée pour cette action.',
    shown: (count, more) =>
      count === 0
        ? 'Aucune entrée.'
        : `${formatNumber(count, 'fr', 0)} ${plural.fr(count, 'entrée affichée', 'entrées affichées')}${more ? ', les plus récentes' : ''}.`,
    start: 'Début du journal\u202f: il n’y a pas d’entrée plus ancienne.',
    actors: { cli: 'Ligne de commande (serveur)', anonymous: 'Personne non identifiée' },
    actions: {
      'sign-in': 'Connexion',
      'sign-in.refused': 'Connexion refusée',
      setup: 'Premier compte créé',
      'password.reset': 'Mot de passe changé (lien reçu par e-mail)',
      'user.create': 'Compte créé',
      'user.invite': 'Invitation envoyée',
      'user.role': 'Rôle sur une démarche changé',
      'user.delete': 'Compte supprimé',
      'organisation.create': 'Organisation créée',
      'organisation.update': 'Organisation modifiée',
      'organisation.delete': 'Organisation supprimée',
      'organisation.member.set': 'Rôle dans l’organisation attribué ou changé',
      'organisation.member.remove': 'Retiré de l’organisation',
      'role.set': 'Rôle sur une démarche changé',
      'access-request.create': 'Demande d’accès envoyée',
      'access-request.approve': 'Demande d’accès acceptée',
      'access-request.refuse': 'Demande d’accès refusée',
      'api-key.create': 'Clé d’API créée',
      'api-key.revoke': 'Clé d’API révoquée',
      'api-key.use': 'Clé d’API utilisée (premier usage du jour)',
      'procedure.create': 'Démarche créée',
      'procedure.update': 'Démarche modifiée',
      'procedure.delete': 'Démarche supprimée',
      'questionnaire.publish': 'Questionnaire publié (nouvelle version)',
      'answer.delete': 'Avis supprimé',
      'theme.create': 'Thème créé',
      'theme.update': 'Thème modifié',
      'theme.delete': 'Thème supprimé',
      'improvement.create': 'Changement publié',
      'improvement.update': 'Changement modifié',
      'improvement.delete': 'Changement supprimé',
      'observatoire.edition.create': 'Édition de l’Observatoire faite',
      'observatoire.edition.regenerate': 'Édition de l’Observatoire régénérée',
      'observatoire.publish': 'Publication des éditions de l’Observatoire changée',
    },
    methods: { password: 'par mot de passe', proconnect: 'avec ProConnect' },
    reasons: {
      'unknown-e-mail': 'adresse inconnue',
      'wrong-password': 'mot de passe erroné',
      'no-password': 'compte sans mot de passe (ProConnect seulement)',
      'password-login-off': 'connexion par mot de passe désactivée',
      'no-sign-in-in-progress': 'aucune connexion en cours (retour rejoué ou trop tardif)',
      'no-id-token': 'ProConnect n’a pas donné de jeton d’identité',
      'no-e-mail': 'ProConnect n’a pas donné d’adresse e-mail',
      'e-mail-not-verified': 'adresse e-mail non vérifiée',
      'no-account': 'aucun compte, et l’adresse n’appartient à aucune organisation',
      'access-request-refused': 'demande d’accès refusée il y a moins de 30 jours',
      'state-mismatch': 'retour qui ne correspond pas à la connexion commencée (state)',
      'wrong-issuer': 'réponse d’un autre fournisseur d’identité',
      cancelled: 'annulée par la personne',
      'provider-error': 'erreur de ProConnect',
      'code-refused': 'code refusé par ProConnect (inconnu, déjà utilisé ou expiré)',
      'nonce-mismatch': 'jeton d’une autre connexion (nonce différent)',
      'wrong-audience': 'jeton destiné à un autre service',
      'token-expired': 'jeton expiré',
      'token-not-yet-valid': 'jeton pas encore valide',
      'bad-signature': 'signature invalide',
      'subject-mismatch': 'informations d’une autre personne',
      'invalid-response': 'réponse de ProConnect non conforme',
      'provider-unreachable': 'ProConnect injoignable',
      unexpected: 'erreur inattendue',
    },
    roles: { admin: 'administrateur', member: 'membre', owner: 'responsable', viewer: 'lecteur' },
    role: (role) => `rôle\u202f: ${role}`,
    noRole: 'aucun (retiré)',
    given: (role) => `rôle accordé par l’acceptation\u202f: ${role} (le rôle plus élevé est gardé)`,
    yesNo: ['oui', 'non'],
    fields: {
      name: 'nom',
      day: 'jour',
      procedure: 'démarche',
      email: 'adresse',
      title: 'titre',
      isAdmin: 'administrateur de la plateforme',
      roles: 'rôles',
      invited: 'invité',
      version: 'version',
      questions: 'étapes posées',
    },
    field: (name, value) => `${name}\u202f: ${value}`,
    numbered: {
      'api-key': (id) => `clé d’API n°\u00a0${id}`,
      'access-request': (id) => `demande d’accès n°\u00a0${id}`,
      organisation: (id) => `organisation n°\u00a0${id}`,
      user: (id) => `compte n°\u00a0${id}`,
    },
  },
  {
    caption: 'Latest actions, on the whole platform',
    when: 'When',
    who: 'Who',
    what: 'What',
    target: 'On',
    details: 'Details',
    empty: 'Nothing yet.',
    older: 'Show older entries',
    show: 'Actions shown',
    allActions: 'All',
    noneOfThem: 'No entry for this action.',
    shown: (count, more) =>
      count === 0
        ? 'No entry.'
        : `${formatNumber(count, 'en', 0)} ${plural.en(count, 'entry', 'entries')} shown${more ? ', the newest' : ''}.`,
    start: 'Start of the log: there is no older entry.',
    actors: { cli: 'Command line (server)', anonymous: 'Unidentified person' },
    actions: {
      'sign-in': 'Sign-in',
      'sign-in.refused': 'Sign-in refused',
      setup: 'First account made',
      'password.reset': 'Password changed (link sent by e-mail)',
      'user.create': 'Account made',
      'user.invite': 'Invitation sent',
      'user.role': 'Role on a procedure changed',
      'user.delete': 'Account deleted',
      'organisation.create': 'Organisation made',
      'organisation.update': 'Organisation changed',
      'organisation.delete': 'Organisation deleted',
      'organisation.member.set': 'Role in the organisation given or changed',
      'organisation.member.remove': 'Removed from the organisation',
      'role.set': 'Role on a procedure changed',
      'access-request.create': 'Access request sent',
      'access-request.approve': 'Access request approved',
      'access-request.refuse': 'Access request refused',
      'api-key.create': 'API key made',
      'api-key.revoke': 'API key revoked',
      'api-key.use': 'API key used (first use of the day)',
      'procedure.create': 'Procedure made',
      'procedure.update': 'Procedure changed',
      'procedure.delete': 'Procedure deleted',
      'questionnaire.publish': 'Questionnaire published (new version)',
      'answer.delete': 'Answer deleted',
      'theme.create': 'Theme made',
      'theme.update': 'Theme changed',
      'theme.delete': 'Theme deleted',
      'improvement.create': 'Change published',
      'improvement.update': 'Change edited',
      'improvement.delete': 'Change deleted',
      'observatoire.edition.create': 'Observatoire edition made',
      'observatoire.edition.regenerate': 'Observatoire edition regenerated',
      'observatoire.publish': 'Observatoire editions’ publication changed',
    },
    methods: { password: 'with a password', proconnect: 'with ProConnect' },
    reasons: {
      'unknown-e-mail': 'unknown address',
      'wrong-password': 'wrong password',
      'no-password': 'account without a password (ProConnect only)',
      'password-login-off': 'password sign-in switched off',
      'no-sign-in-in-progress': 'no sign-in in progress (replayed or too late)',
      'no-id-token': 'ProConnect gave no ID token',
      'no-e-mail': 'ProConnect gave no e-mail address',
      'e-mail-not-verified': 'e-mail address not verified',
      'no-account': 'no account, and the address belongs to no organisation',
      'access-request-refused': 'access request refused less than 30 days ago',
      'state-mismatch': 'return that does not match the sign-in started (state)',
      'wrong-issuer': 'answer from another identity provider',
      cancelled: 'cancelled by the person',
      'provider-error': 'ProConnect error',
      'code-refused': 'code refused by ProConnect (unknown, used or expired)',
      'nonce-mismatch': 'token of another sign-in (another nonce)',
      'wrong-audience': 'token made for another service',
      'token-expired': 'token expired',
      'token-not-yet-valid': 'token not valid yet',
      'bad-signature': 'bad signature',
      'subject-mismatch': 'information about someone else',
      'invalid-response': 'ProConnect’s answer does not follow the protocol',
      'provider-unreachable': 'ProConnect unreachable',
      unexpected: 'unexpected error',
    },
    roles: { admin: 'administrator', member: 'member', owner: 'owner', viewer: 'viewer' },
    role: (role) => `role: ${role}`,
    noRole: 'none (taken away)',
    given: (role) => `role given by the approval: ${role} (the higher role is kept)`,
    yesNo: ['yes', 'no'],
    fields: { isAdmin: 'platform administrator' },
    field: (name, value) => `${name}: ${value}`,
    numbered: {
      'api-key': (id) => `API key no. ${id}`,
      'access-request': (id) => `access request no. ${id}`,
      organisation: (id) => `organisation no. ${id}`,
      user: (id) => `account no. ${id}`,
    },
  },
);

const wordOf = (words: Record<string, string>, code: unknown): string =>
  typeof code !== 'string'
    ? JSON.stringify(code)
    : Object.hasOwn(words, code)
      ? (words[code] ?? code)
      : code;

/**
 * An entry's details in one line: a sign-in's method and reason in words («par mot de passe —
 * mot de passe erroné»), roles in words, anything else as `name : value` (a key's name, a
 * procedure's key are what its reader looks for). The database's numbers (`id`, `userId`) are
 * left out: the target and the names say more. Codes this dashboard does not know yet are shown
 * as they are.
 */
export function auditDetails(details: Record<string, unknown>, words: Words): string {
  const { method, reason, role, given, id, userId, ...rest } = details;
  const parts: string[] = [];
  if (method !== undefined) parts.push(wordOf(words.methods, method));
  if (reason !== undefined) parts.push(wordOf(words.reasons, reason));
  if (role !== undefined)
    parts.push(words.role(role === null ? words.noRole : wordOf(words.roles, role)));
  if (given !== undefined) parts.push(words.given(wordOf(words.roles, given)));
  for (const [name, value] of Object.entries(rest)) {
    const said =
      typeof value === 'string'
        ? value
        : typeof value === 'boolean'
          ? words.yesNo[value ? 0 : 1]
          : JSON.stringify(value);
    parts.push(words.field(wordOf(words.fields, name), said));
  }
  return parts.join(' — ');
}

/** The actor in words: an e-mail as it is, `cli` and `anonymous` said. */
export const auditActor = (actor: string, words: Words): string => wordOf(words.actors, actor);

/** The action in words, or its code when this dashboard is older than the server. */
export const auditAction = (action: string, words: Words): string => wordOf(words.actions, action);

/** The target in words: `api-key:3` says what it is the number of; e-mails and keys as they are. */
export function auditTarget(target: string, words: Words): string {
  const [, kind = '', id = ''] = /^([a-z-]+):(\d+)$/.exec(target) ?? [];
  return Object.hasOwn(words.numbered, kind) ? (words.numbered[kind]?.(id) ?? target) : target;
}
