import type { OutgoingMail } from '../../store/mail-store.ts';
import { renderMail } from './mail-layout.ts';

/** The mail with a link to choose a new password (DESIGN §9), valid `PASSWORD_RESET_HOURS`. */
export function passwordResetMail(recipient: string, link: string): OutgoingMail {
  const title = 'Choisissez un nouveau mot de passe';
  return {
    kind: 'password-reset',
    recipient,
    subject: 'Votre mot de passe Je donne mon avis',
    ...renderMail({
      title,
      paragraphs: [
        'Quelqu’un, sans doute vous, a demandé à changer le mot de passe de votre compte Je donne mon avis.',
      ],
      action: { label: 'Choisir un nouveau mot de passe', url: link },
      notes: [
        'Ce lien ne sert qu’une fois et expire dans 1 heure. Une fois le mot de passe changé, vos autres sessions sont fermées.',
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
      ],
      footer: `Ce message a été envoyé à ${recipient} parce que ce compte existe sur Je donne mon avis.`,
    }),
  };
}

/** The mail inviting someone to make an account (DESIGN §9), valid 7 days. */
export function invitationMail(
  recipient: string,
  link: string,
  invitedBy: string,
  what: string,
  /** False (PASSWORD_LOGIN=false): the account opens by signing in with ProConnect. */
  passwordLogin = true,
): OutgoingMail {
  return {
    kind: 'invitation',
    recipient,
    subject: 'Invitation à suivre les avis sur Je donne mon avis',
    ...renderMail({
      title: 'Vous êtes invité à Je donne mon avis',
      paragraphs: [
        `${invitedBy} vous invite à suivre les avis des usagers : ${what}.`,
        passwordLogin
          ? 'Choisissez votre mot de passe pour ouvrir votre compte.'
          : 'Pour ouvrir votre compte, identifiez-vous avec ProConnect en utilisant cette adresse e-mail.',
      ],
      action: passwordLogin
        ? { label: 'Choisir mon mot de passe', url: link }
        : { label: 'Ouvrir mon compte', url: link },
      notes: [
        passwordLogin
          ? 'Ce lien ne sert qu’une fois et expire dans 7 jours.'
          : 'Cette invitation expire dans 7 jours.',
      ],
      footer: `Ce message a été envoyé à ${recipient} à la demande de ${invitedBy}. Si vous ne connaissez pas ce service, ignorez-le.`,
    }),
  };
}

/** The mail telling an organisation's administrator that an agent asks to join it (DESIGN §11). */
export function accessRequestMail(
  recipient: string,
  link: string,
  requester: string,
  organisation: string,
): OutgoingMail {
  return {
    kind: 'access-request',
    recipient,
    subject: `Demande d’accès à ${organisation} sur Je donne mon avis`,
    ...renderMail({
      title: 'Une personne demande l’accès',
      paragraphs: [
        `${requester} s’est connecté avec ProConnect et demande à rejoindre ${organisation}.`,
        'Vous êtes administrateur ou administratrice de cette organisation : acceptez ou refusez sa demande dans le tableau de bord.',
      ],
      action: { label: 'Voir les demandes d’accès', url: link },
      notes: ['Tant que personne ne l’accepte, cette personne n’a accès à rien.'],
      footer: `Ce message a été envoyé à ${recipient} parce que vous administrez ${organisation} sur Je donne mon avis.`,
    }),
  };
}
