import { rollupCounters } from './rollups.ts';

/**
 * The tables both schemas hold, each with its columns in order: the one list the SQLite
 * migrations, the PostgreSQL migrations and the migration tool (migrate-to-postgres.ts) are held
 * to (test/server/schema.test.ts reads both live schemas against it), so that a column added to
 * one database and not the other, or not copied across, fails a test. In foreign-key order. The
 * other fields say how a column's SQLite form (milliseconds, 0/1, JSON text) becomes PostgreSQL's.
 */
export type Table = {
  name: string;
  /** The identity column, whose sequence must continue after copied rows. */
  identity?: string;
  columns: readonly string[];
  times?: readonly string[];
  booleans?: readonly string[];
  json?: readonly string[];
  /**
   * Columns PostgreSQL computes from the others (never written, never copied), each with the
   * column it follows in PostgreSQL's table (where its migration put it).
   */
  postgresOnly?: readonly { name: string; after: string }[];
};

export const tables: readonly Table[] = [
  {
    name: 'organisations',
    identity: 'id',
    // Its quarterly editions published on /observatoire (migration 017).
    columns: ['id', 'name', 'domains', 'created_at', 'publishes_observatoire'],
    times: ['created_at'],
    booleans: ['publishes_observatoire'],
    json: ['domains'],
  },
  {
    name: 'observatoire_editions',
    identity: 'id',
    columns: [
      'id',
      'quarter',
      'organisation_id',
      'made_at',
      'made_by',
      'regenerated_at',
      'regenerated_by',
      'procedures',
      'rows',
    ],
    times: ['made_at', 'regenerated_at'],
    json: ['rows'],
  },
  {
    name: 'procedures',
    identity: 'id',
    columns: [
      'id',
      'key',
      'name',
      'allowed_origins',
      'questions',
      'created_at',
      'archived_at',
      // Results published (migration 007).
      'public',
      'organisation_id',
    ],
    times: ['created_at', 'archived_at'],
    booleans: ['public'],
    json: ['allowed_origins'],
  },
  {
    name: 'questionnaire_versions',
    columns: [
      'procedure_id',
      'number',
      'questions',
      'intro',
      'thanks',
      'published_at',
      'published_by',
    ],
    times: ['published_at'],
    json: ['intro', 'thanks'],
  },
  {
    name: 'submissions',
    identity: 'seq',
    columns: [
      'seq',
      'id',
      'procedure_id',
      'received_at',
      'updated_at',
      'day',
      'source',
      'lang',
      'satisfaction',
      'clarity',
      'help',
      'help_other',
      'reached',
      'help_quality',
      'comment',
      'redactions',
      'suspect',
      // Per administration channel (migration 005); `reached` and `help_quality` above hold the
      // earlier shape, counted under the channel unknown.
      'reached_channels',
      'help_quality_channels',
      // The questionnaire version it was given under (migration 016).
      'version',
    ],
    times: ['received_at', 'updated_at'],
    booleans: ['reached', 'suspect'],
    json: ['reached_channels', 'help_quality_channels'],
    // The comment's search vector, generated; SQLite keeps its index in the comment_search table.
    postgresOnly: [{ name: 'comment_search', after: 'suspect' }],
  },
  {
    name: 'improvements',
    identity: 'id',
    columns: ['id', 'procedure_id', 'day', 'title', 'text', 'link', 'created_at', 'updated_at'],
    times: ['created_at', 'updated_at'],
  },
  { name: 'daily_rollups', columns: ['procedure_id', 'day', 'source', ...rollupCounters] },
  { name: 'monthly_rollups', columns: ['procedure_id', 'month', 'source', ...rollupCounters] },
  // Writes to months the Observatoire may keep in memory (migration 019; store/observatoire.ts).
  { name: 'closed_month_revisions', columns: ['month', 'revision'] },
  {
    name: 'users',
    identity: 'id',
    columns: ['id', 'email', 'password_hash', 'is_admin', 'created_at'],
    times: ['created_at'],
    booleans: ['is_admin'],
  },
  { name: 'procedure_roles', columns: ['user_id', 'procedure_id', 'role'] },
  { name: 'organisation_members', columns: ['user_id', 'organisation_id', 'role'] },
  {
    name: 'access_requests',
    identity: 'id',
    columns: ['id', 'organisation_id', 'email', 'status', 'created_at', 'decided_by', 'decided_at'],
    times: ['created_at', 'decided_at'],
  },
  {
    name: 'sessions',
    columns: ['token_hash', 'user_id', 'created_at', 'last_seen_at'],
    times: ['created_at', 'last_seen_at'],
  },
  {
    name: 'api_keys',
    identity: 'id',
    columns: [
      'id',
      'user_id',
      'name',
      'key_hash',
      'created_at',
      'revoked_at',
      'organisation_id',
      'last_used_on',
    ],
    times: ['created_at', 'revoked_at'],
  },
  {
    name: 'audit_log',
    identity: 'id',
    columns: ['id', 'at', 'actor', 'action', 'target', 'details', 'organisation_id'],
    times: ['at'],
    json: ['details'],
  },
  { name: 'audit_procedures', columns: ['procedure_key', 'audit_id'] },
  { name: 'theme_lists', columns: ['procedure_id'] },
  {
    name: 'themes',
    identity: 'id',
    columns: ['id', 'procedure_id', 'name', 'keywords'],
    json: ['keywords'],
  },
  {
    name: 'outbox',
    identity: 'id',
    columns: [
      'id',
      'message_id',
      'dedupe_key',
      'kind',
      'recipient',
      'subject',
      'text_body',
      'html_body',
      'headers',
      'created_at',
      'attempts',
      'next_attempt_at',
      'claimed_until',
      'sent_at',
      'refused_at',
      'last_error',
    ],
    times: ['created_at', 'next_attempt_at', 'claimed_until', 'sent_at', 'refused_at'],
    json: ['headers'],
  },
  {
    name: 'password_resets',
    columns: ['token_hash', 'user_id', 'created_at', 'expires_at'],
    times: ['created_at', 'expires_at'],
  },
  {
    name: 'invitations',
    columns: [
      'token_hash',
      'email',
      'is_admin',
      'roles',
      'invited_by',
      'created_at',
      'expires_at',
      'organisation_id',
    ],
    times: ['created_at', 'expires_at'],
    booleans: ['is_admin'],
    json: ['roles'],
  },
  {
    name: 'mail_preferences',
    columns: ['user_id', 'digest', 'alerts'],
    booleans: ['alerts'],
  },
  { name: 'attempts', columns: ['key', 'window_start', 'count'], times: ['window_start'] },
];

/**
 * Tables both schemas hold that the migration tool does not copy: the exact counts of terms and
 * themes and their queue (SQLite migration 015, PostgreSQL 012). Copying `submissions` fires
 * PostgreSQL's triggers, which queue every counted comment again; the counting job then makes
 * these counts anew (docs/design.md §12). Copying them too would count every comment twice.
 */
export const rebuiltTables: readonly Table[] = [
  {
    name: 'term_changes',
    columns: [
      'id',
      'procedure_id',
      'source',
      'day',
      'satisfaction',
      'comment',
      'sign',
      'terms',
      'themes',
    ],
  },
  {
    name: 'term_days',
    columns: ['procedure_id', 'rare', 'day', 'source', 'term', 'comments', 'bad', 'medium', 'good'],
  },
  {
    name: 'term_months',
    columns: [
      'procedure_id',
      'rare',
      'month',
      'source',
      'term',
      'comments',
      'bad',
      'medium',
      'good',
    ],
  },
  { name: 'term_totals', columns: ['procedure_id', 'term', 'comments', 'rare'] },
  { name: 'term_labels', columns: ['procedure_id', 'term', 'surface', 'uses'] },
  {
    name: 'theme_days',
    columns: ['procedure_id', 'day', 'source', 'theme_id', 'comments', 'bad', 'medium', 'good'],
  },
];
