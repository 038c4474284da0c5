import { belongsTo, may } from '../../auth/permissions.ts';
import { newSecret, secretHash } from '../../auth/secrets.ts';
import { auditEntry } from '../../http/audit-entry.ts';
import type { DeclaredTargetLimit, TargetLimit } from '../../http/target-limit.ts';
import type { User } from '../../store/accounts.ts';
import type { Role, Store } from '../../store/store.ts';
import {
  accessGivenMail,
  invitationMail,
  invitationToOtherAccountMail,
} from '../mail/account-mails.ts';

/** docs/design.md §9: an invitation link lasts 7 days. */
export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/**
 * Invitation mails to one address a day, whoever sends them, across nodes: enough to invite
 * someone to a few procedures or organisations, too few to make the service flood a mailbox.
 * Counted whether the address has an account or not, so a 429 tells nothing about it.
 */
export const invitationsPerRecipient: TargetLimit = {
  name: 'invitation-recipient',
  max: 5,
  windowMs: 24 * 60 * 60 * 1000,
  what: 'this e-mail address',
};

export type InviteDeps = {
  store: Store;
  /** `invitationsPerRecipient`, declared once at start; its 429 is thrown, as every limit's. */
  invitationsToRecipient: DeclaredTargetLimit;
  /** Where mailed links point: configured, never a request's Host. */
  publicOrigin: string;
  passwordLogin: boolean;
};

export type InvitationRequest = {
  inviter: User;
  email: string;
  role: 'admin' | Role;
  procedures: string[];
};

/** What was invited: the same whether the address has an account or not (issue 24). */
export type Invited = {
  email: string;
  isAdmin: boolean;
  roles: Record<string, Role>;
  expiresAt: Date;
};

/** Why nothing was invited; nothing was counted, written or mailed. */
export type InvitationRefusal =
  | { refused: 'admin-only' }
  /** Unknown, or of another organisation: it does not exist for this inviter (§11). */
  | { refused: 'unknown-procedure'; procedureKey: string }
  | { refused: 'not-owner'; procedureKey: string }
  | { refused: 'several-organisations' };

const asAdmin = 'comme administrateur ou administratrice';
const roleNames = { owner: 'gestion', viewer: 'lecture' } as const;

/**
 * Invites by mail (docs/design.md §9): an admin invites anyone, an owner invites to the
 * procedures they own. The store decides what the address gets (InvitationOutcome); the mail
 * alone tells which, since it goes to that address.
 */
export async function invite(
  deps: InviteDeps,
  { inviter, email, role, procedures }: InvitationRequest,
  now: Date,
): Promise<{ invited: Invited } | InvitationRefusal> {
  const { store } = deps;
  if (role === 'admin' && !inviter.isAdmin) return { refused: 'admin-only' };
  const names: string[] = [];
  const organisations = new Set<number>();
  for (const key of procedures) {
    const procedure = await store.findProcedure(key);
    if (!procedure || !belongsTo(inviter, procedure.organisationId))
      return { refused: 'unknown-procedure', procedureKey: key };
    if (!may(inviter, 'manage', procedure)) return { refused: 'not-owner', procedureKey: key };
    names.push(procedure.name);
    organisations.add(procedure.organisationId);
  }
  // An invitation belongs to one organisation: the one re-inviting voids, and the one whose
  // account it may give roles to (only ever a caller of several organisations gets here).
  if (organisations.size > 1) return { refused: 'several-organisations' };
  const [organisationId] = role === 'admin' ? [] : organisations;
  // After the checks of the caller's rights, before any store work or mail: counted alike
  // whether the address has an account or not.
  await deps.invitationsToRecipient.take(email.toLowerCase());
  const isAdmin = role === 'admin';
  const roles: Record<string, Role> = isAdmin
    ? {}
    : Object.fromEntries(procedures.map((key) => [key, role]));
  const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
  const token = newSecret();
  const what = isAdmin ? asAdmin : names.join(', ');
  const outcome = await store.createInvitation(
    {
      email,
      isAdmin,
      roles,
      invitedBy: inviter.email,
      tokenHash: secretHash(token),
      expiresAt,
      organisationId,
    },
    // No account enumeration (issue 24): the same answer, and the same store work, whether the
    // address has an account or not; only the mail, which goes to that address, differs.
    (outcome) =>
      outcome.outcome === 'invited'
        ? // In the fragment: never sent to a server, nor in a Referer.
          invitationMail(
            email,
            `${deps.publicOrigin}/dashboard/invitation#token=${token}`,
            inviter.email,
            what,
            deps.passwordLogin,
          )
        : outcome.outcome === 'given'
          ? accessGivenMail(
              email,
              `${deps.publicOrigin}/dashboard/`,
              inviter.email,
              [
                ...(outcome.isAdmin ? [asAdmin] : []),
                ...procedures.flatMap((key, i) => {
                  const held = outcome.roles[key];
                  return held ? [`${names[i]} (${roleNames[held]})`] : [];
                }),
              ].join(', '),
            )
          : invitationToOtherAccountMail(email, inviter.email, what),
    {
      ...auditEntry({ name: inviter.email, now: () => now }, 'user.invite', email, {
        role,
        procedures,
      }),
      // Its organisation's administrators read it too.
      organisationId,
    },
    now,
  );
  // A procedure deleted between the look-up above and the transaction.
  if ('refused' in outcome) return outcome;
  return { invited: { email, isAdmin, roles, expiresAt } };
}
