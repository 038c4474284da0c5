import { defineLabels } from './labels.ts';

/** The words of the API keys section (administration and organisation pages); French first. */
export const apiKeyLabels = defineLabels(
  {
    title: 'Clés d’API',
    intro:
      'Une clé d’API permet à un programme (un export, un tableau de bord) d’appeler ce service avec vos droits. Révoquez une clé qui ne sert plus.',
    caption: (organisation: string) => `Clés d’API de l’organisation ${organisation}`,
    everyKey: 'Toutes les clés d’API, de toutes les organisations',
    name: 'Nom',
    organisation: 'Organisation',
    platformWide: 'Toute la plateforme',
    created: 'Créée le',
    lastUsed: 'Dernière utilisation',
    never: 'Jamais utilisée',
    state: 'État',
    revoked: 'Révoquée',
    none: 'Aucune clé pour l’instant.',
    keyName: 'Nom de la clé',
    keyNameHint:
      'Pour vous souvenir de ce qui l’utilise, par exemple «\u202fExport mensuel\u202f».',
    create: 'Créer une clé',
    created_: (name: string) =>
      `Clé «\u202f${name}\u202f» créée. Copiez-la maintenant\u202f: elle ne sera plus jamais affichée.`,
    secretLabel: (name: string) => `Clé «\u202f${name}\u202f» (à copier)`,
    copyHint:
      'Sélectionnez la clé puis copiez-la (Ctrl+C, ou Cmd+C sur Mac) et rangez-la dans un endroit sûr\u202f: elle donne vos droits à qui la détient.',
    revoke: 'Révoquer',
    revokeLabel: (name: string) => `Révoquer la clé «\u202f${name}\u202f»`,
    confirm: (name: string) =>
      `Révoquer «\u202f${name}\u202f»\u202f? Les programmes qui l’utilisent ne pourront plus appeler le service.`,
    confirmYes: 'Oui, révoquer',
    cancel: 'Annuler',
    revokedNow: (name: string) => `Clé «\u202f${name}\u202f» révoquée.`,
  },
  {
    title: 'API keys',
    intro:
      'An API key lets a program (an export, a dashboard) call this service with your rights. Revoke a key that is no longer used.',
    caption: (organisation: string) => `API keys of ${organisation}`,
    everyKey: 'Every API key, of every organisation',
    name: 'Name',
    organisation: 'Organisation',
    platformWide: 'The whole platform',
    created: 'Created on',
    lastUsed: 'Last used',
    never: 'Never used',
    state: 'State',
    revoked: 'Revoked',
    none: 'No key yet.',
    keyName: 'Key name',
    keyNameHint: 'To remember what uses it, for instance “Monthly export”.',
    create: 'Create a key',
    created_: (name: string) => `Key “${name}” created. Copy it now: it will never be shown again.`,
    secretLabel: (name: string) => `Key “${name}” (to copy)`,
    copyHint:
      'Select the key, copy it (Ctrl+C, or Cmd+C on a Mac) and keep it somewhere safe: whoever holds it has your rights.',
    revoke: 'Revoke',
    revokeLabel: (name: string) => `Revoke the key “${name}”`,
    confirm: (name: string) =>
      `Revoke “${name}”? The programs using it will no longer be able to call the service.`,
    confirmYes: 'Yes, revoke',
    cancel: 'Cancel',
    revokedNow: (name: string) => `Key “${name}” revoked.`,
  },
);
