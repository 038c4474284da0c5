import type { OutgoingMail } from '../../store/mail.ts';
import { renderMail } from './mail-layout.ts';

/**
 * The mail with a link to choose a new password (docs/design.md §9), valid `PASSWORD_RESET_HOURS`.
 */
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
        'Si vous n’avez rien demandé, ignorez ce message\u202f: votre mot de passe ne change pas.',
      ],
      footer: `Ce message a été envoyé à ${recipient} parce que ce compte existe sur Je donne mon avis.`,
    }),
  };
}

/** The mail inviting someone to make an account (docs/design.md §9), valid 7 days. */
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
        `${invitedBy} vous invite à suivre les avis des usagers\u202f: ${what}.`,
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

/**
 * The mail telling an organisation's administrator that an agent asks to join it
 * (docs/design.md §11).
 */
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
        'Vous êtes administrateur ou administratrice de cette organisation\u202f: acceptez ou refusez sa demande dans le tableau de bord.',
      ],
      action: { label: 'Voir les demandes d’accès', url: link },
      notes: ['Tant que personne ne l’accepte, cette personne n’a accès à rien.'],
      footer: `Ce message a été envoyé à ${recipient} parce que vous administrez ${organisation} sur Je donne mon avis.`,
    }),
  };
}

/**
 * The mail telling an account what an invitation gave it at once (issue 24): the address had an
 * account of the inviting organisation already, so there is nothing to accept, and no link that
 * works alone. `what`: the procedures with the role held on each, or the administration.
 */
export function accessGivenMail(
  recipient: string,
  link: string,
  givenBy: string,
  what: string,
): OutgoingMail {
  return {
    kind: 'access-given',
    recipient,
    subject: 'Nouvel accès sur Je donne mon avis',
    ...renderMail({
      title: 'Vous avez un nouvel accès',
      paragraphs: [
        `${givenBy} vous a donné accès aux avis des usagers\u202f: ${what}.`,
        'Votre compte existait déjà\u202f: vous n’avez rien à faire, ces démarches apparaissent dans votre tableau de bord.',
      ],
      action: { label: 'Ouvrir le tableau de bord', url: link },
      notes: [
        `Si vous ne vous attendiez pas à cet accès, dites-le à ${givenBy} ou à l’administrateur ou l’administratrice de la plateforme.`,
      ],
      footer: `Ce message a été envoyé à ${recipient} à la demande de ${givenBy}, parce que ce compte existe sur Je donne mon avis.`,
    }),
  };
}

/**
 * The mail to an account of another organisation (or of none) whose address was invited (issue
 * 24): nothing was given, since nobody may pull an account into their organisation, and the
 * inviter is told nothing either (the same answer as for a new address). It says who may add it.
 */
export function invitationToOtherAccountMail(
  recipient: string,
  invitedBy: string,
  what: string,
): OutgoingMail {
  return {
    kind: 'invitation',
    recipient,
    subject: 'Invitation à suivre les avis sur Je donne mon avis',
    ...renderMail({
      title: 'Vous êtes invité à suivre d’autres démarches',
      paragraphs: [
        `${invitedBy} vous invite à suivre les avis des usagers\u202f: ${what}.`,
        'Vous avez déjà un compte Je donne mon avis, qui n’appartient pas à l’organisation de ces démarches. Votre compte n’a pas changé\u202f: un compte ne rejoint pas une autre organisation sans l’accord de l’administrateur ou l’administratrice de la plateforme.',
        `Si vous souhaitez cet accès, demandez-le à l’administrateur ou l’administratrice de la plateforme, ou répondez à ${invitedBy}.`,
      ],
      notes: [
        'Si vous ne connaissez pas cette personne, ignorez ce message\u202f: rien ne change.',
      ],
      footer: `Ce message a été envoyé à ${recipient} à la demande de ${invitedBy}, parce que ce compte existe sur Je donne mon avis.`,
    }),
  };
}
