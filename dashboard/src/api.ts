import type { z } from 'zod';
import type { NewEdition, Publication } from '../../common/observatoire-wire.ts';
import type {
  apiKeyView,
  auditEntryView,
  credentials,
  firstAccount,
  newApiKey,
  newApiKeyView,
  newUser,
  procedurePerson,
  roleChange,
  userView,
} from '../../server/src/features/accounts/account-schemas.ts';
import type {
  invitationAcceptance,
  invitationToken,
  invitationView,
  mailPreferencesChange,
  mailPreferencesView,
  newInvitation,
  resetConfirmation,
  resetRequest,
} from '../../server/src/features/accounts/mail-account-schemas.ts';
import type {
  answerPage,
  answerView,
} from '../../server/src/features/answers/answer-list-schema.ts';
import type { alertView } from '../../server/src/features/mail/alerts-route.ts';
import type {
  accessRequestView,
  membershipChange,
  memberView,
  organisationOfCaller,
} from '../../server/src/features/organisations/organisation-schemas.ts';
import type {
  newProcedure,
  procedureChanges,
  procedureSummary,
  procedureView,
} from '../../server/src/features/procedures/procedure-schema.ts';
import type {
  questionnaireContent,
  questionnaireVersionView,
} from '../../server/src/features/questionnaire/questionnaire-schema.ts';
import type { indicator, StatsResponse } from '../../server/src/features/stats/stats-schema.ts';
import type {
  newTheme,
  theme,
  themeChanges,
} from '../../server/src/features/topics/theme-schema.ts';
import type { TopicsResponse } from '../../server/src/features/topics/topics-schema.ts';
import type {
  improvementChanges,
  improvementView,
  newImprovement,
} from '../../server/src/features/transparency/improvement-schema.ts';
import type { widgetScript } from '../../server/src/features/widget/widget-schema.ts';

/** An API answer that is not 2xx, with the problem's own words (docs/design.md §4). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The private API, same origin, with the session cookie. The browser adds `Origin` to every
 * state-changing request, which the server checks.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: RequestBody; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (body as { detail?: string } | undefined)?.detail ?? response.statusText,
    );
  }
  return body as T;
}

// The wire shapes, from the server's own response schemas (type-only: nothing of zod ships).
export type Me = z.infer<typeof userView>;
export type ApiKey = z.infer<typeof apiKeyView>;
/** A new API key, with the secret shown this once. */
export type NewApiKey = z.infer<typeof newApiKeyView>;
export type AuditEntry = z.infer<typeof auditEntryView>;
export type Procedure = z.infer<typeof procedureView>;
export type ProcedurePerson = z.infer<typeof procedurePerson>;
/** A procedure in the list, with its last 12 months. */
export type ProcedureSummary = z.infer<typeof procedureSummary>;
export type Stats = StatsResponse;
/** One JDMA indicator, in the stats and in the list of procedures. */
export type Indicator = z.infer<typeof indicator>;
export type Answer = z.infer<typeof answerView>;
export type AnswerPage = z.infer<typeof answerPage>;
export type WidgetScript = z.infer<typeof widgetScript>;
export type Topics = TopicsResponse;
export type Theme = z.infer<typeof theme>;
/** An organisation the person belongs to, with their role there (null: platform administrator). */
export type Organisation = z.infer<typeof organisationOfCaller>;
export type OrganisationMember = z.infer<typeof memberView>;
export type MembershipChange = z.input<typeof membershipChange>;
/** An agent's request to join an organisation, filed by signing in with ProConnect. */
export type AccessRequest = z.infer<typeof accessRequestView>;
export type Invitation = z.infer<typeof invitationView>;
export type MailPreferences = z.infer<typeof mailPreferencesView>;
/** A drop or silence alert standing now. */
export type ProcedureAlert = z.infer<typeof alertView>;
/** «Vous avez dit, nous avons fait»: one improvement. */
export type Improvement = z.infer<typeof improvementView>;
export type QuestionnaireVersion = z.infer<typeof questionnaireVersionView>;
/** The Observatoire: its live table, its editions (docs/design.md §13). */
export type {
  Edition,
  EditionList,
  ObservatoireRow,
  ObservatoireTable,
} from '../../common/observatoire-wire.ts';

// What the dashboard sends, from the server's own request schemas (z.input: before defaults).
export type Credentials = z.input<typeof credentials>;
export type FirstAccount = z.input<typeof firstAccount>;
export type NewUser = z.input<typeof newUser>;
export type RoleChange = z.input<typeof roleChange>;
export type NewApiKeyRequest = z.input<typeof newApiKey>;
export type NewProcedure = z.input<typeof newProcedure>;
export type ProcedureChanges = z.input<typeof procedureChanges>;
export type NewTheme = z.input<typeof newTheme>;
export type ThemeChanges = z.input<typeof themeChanges>;
export type ResetRequest = z.input<typeof resetRequest>;
export type ResetConfirmation = z.input<typeof resetConfirmation>;
export type NewInvitation = z.input<typeof newInvitation>;
export type InvitationToken = z.input<typeof invitationToken>;
export type InvitationAcceptance = z.input<typeof invitationAcceptance>;
export type MailPreferencesChange = z.input<typeof mailPreferencesChange>;
export type NewImprovement = z.input<typeof newImprovement>;
export type ImprovementChanges = z.input<typeof improvementChanges>;
export type QuestionnaireContent = z.input<typeof questionnaireContent>;
/** Everything the dashboard sends. */
export type RequestBody =
  | NewTheme
  | ThemeChanges
  | ResetRequest
  | ResetConfirmation
  | NewInvitation
  | InvitationToken
  | InvitationAcceptance
  | MailPreferencesChange
  | Credentials
  | FirstAccount
  | NewUser
  | RoleChange
  | NewApiKeyRequest
  | NewProcedure
  | ProcedureChanges
  | MembershipChange
  | NewImprovement
  | ImprovementChanges
  | QuestionnaireContent
  | NewEdition
  | Publication;
