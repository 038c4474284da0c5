import { z } from 'zod';

/** docs/design.md §7: every setting comes from the environment and is parsed here, once. */
const environment = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PATH: z.string().min(1).default('./data/avis.sqlite'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
      .optional(),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .transform((url) => new URL(url).origin)
      .optional(),
    NODE_ENV: z.string().optional(),
    TRUST_PROXY: z
      .string()
      .min(1)
      .transform((names) => names.split(',').map((name) => name.trim()))
      .optional(),
    RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
    MIN_ANSWERS: z.coerce.number().int().min(1).default(100),
    TZ_REPORT: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris')
      .default('Europe/Paris'),
    RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    MAIL_FROM: z
      .string()
      .regex(
        /^(.*<)?[^@<>\s]+@[^@<>\s]+>?$/,
        'must be an address, e.g. "Je donne mon avis" <avis@example.gouv.fr>',
      )
      .default('"Je donne mon avis" <avis@localhost>'),
    MAIL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    // ProConnect (docs/design.md §11): set all three to offer «S'identifier avec ProConnect».
    OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_SCOPES: z.string().min(1).default('openid email given_name usual_name'),
    PASSWORD_LOGIN: z.enum(['true', 'false']).default('true'),
    // Prometheus sends it as `Authorization: Bearer …` (scrape config `authorization: credentials`).
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    // The header's operator line (README, Configuration): plain text on one line, escaped where shown.
    OPERATOR_NAME: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^\p{Cc}<>]*$/u, 'must be plain text on one line, without < or >')
      .optional(),
    // The default organisation's name, given to it at start while it still bears the placeholder
    // «Organisation par défaut» (README, Configuration); the same rules as a name typed in the dashboard.
    ORGANISATION_NAME: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}<>]*$/u, 'must be plain text on one line, without < or >')
      .optional(),
    // Only the State may show its brand block (the Marianne, «République française»): said, never guessed.
    OPERATOR_KIND: z.enum(['state', 'other']).default('other'),
  })
  // Mailed links carry tokens: in production they may come from PUBLIC_URL only, never from a
  // request's Host header (which anyone sends). Checked even when other variables are wrong
  // (`when`), so that one start reports every mistake.
  .refine((e) => e.PUBLIC_URL !== undefined || !inProduction(e), {
    path: ['PUBLIC_URL'],
    message:
      'is required in production (NODE_ENV=production, or HOST not a loopback address): the origin people reach the service at, which every mailed link uses, e.g. https://avis.example.gouv.fr',
    when: () => true,
  })
  .refine(
    (e) => e.METRICS_PORT === undefined || e.METRICS_PORT === 0 || e.METRICS_PORT !== e.PORT,
    {
      path: ['METRICS_PORT'],
      message: 'must differ from PORT: metrics are served on a port of their own',
    },
  )
  .refine((e) => !e.OIDC_ISSUER || (e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET), {
    path: ['OIDC_ISSUER'],
    message: 'needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too',
  })
  .refine((e) => e.OPERATOR_KIND === 'other' || e.OPERATOR_NAME !== undefined, {
    path: ['OPERATOR_KIND'],
    message: 'state needs OPERATOR_NAME too: the ministry or State agency that runs the service',
  })
  // Without either, nobody could sign in.
  .refine((e) => e.PASSWORD_LOGIN === 'true' || e.OIDC_ISSUER, {
    path: ['PASSWORD_LOGIN'],
    message: 'false needs ProConnect (OIDC_ISSUER) set up',
  });

export type Config = {
  port: number;
  host: string;
  /** The SQLite file; not used when `databaseUrl` is set. */
  databasePath: string;
  /** PostgreSQL instead of SQLite, for several API nodes on one database (README, Scaling out). */
  databaseUrl: string | undefined;
  /** PUBLIC_URL as set: same-origin checks compare to it, else to the request's own host. */
  publicUrl: string | undefined;
  /**
   * The origin of every link the service writes (mails, ProConnect's redirects, the results
   * link): PUBLIC_URL, else, in development only, `http://localhost:PORT`; never a request's Host.
   */
  publicOrigin: string;
  /** NODE_ENV=production, or HOST not a loopback address: links and secrets are held stricter. */
  inProduction: boolean;
  /** Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed. */
  trustProxy: string[] | undefined;
  retentionMonths: number;
  minAnswers: number;
  reportTimeZone: string;
  /** New answers one client may send one procedure in an hour (updates are not counted). */
  rateLimitPerHour: number;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  /** ProConnect's OpenID Connect client, when configured. */
  oidc: OidcConfig | undefined;
  /** False: only ProConnect signs people in (PASSWORD_LOGIN=false). */
  passwordLogin: boolean;
  /**
   * Where mail is sent (docs/design.md §9); undefined: every mail is written to the log instead.
   */
  smtpUrl: string | undefined;
  /** The From of every mail. */
  mailFrom: string;
  /** Signs the one-click unsubscribe links; undefined: a random one a process (links die with it). */
  mailSecret: string | undefined;
  /** `Authorization: Bearer` that GET /metrics requires; undefined: not served on PORT. */
  metricsToken: string | undefined;
  /** A port of its own for GET /metrics (on HOST), instead of PORT. */
  metricsPort: number | undefined;
  /** Who runs the service, as every page's header says: the State's brand block or none. */
  operator: Operator;
  /** The default organisation's name, while it still bears the placeholder. */
  organisationName: string | undefined;
};

/**
 * Who runs this service, as every page's header says (server/src/pages/site-header.ts). Only the
 * State may wear its brand block, the Marianne with «République française» (the State's brand
 * charter): a local authority, or an operator that did not say it is the State, gets the same
 * header without it.
 */
export type Operator = { state: true; name: string } | { state: false; name: string | undefined };

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`PORT=`) means "not set", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const value = present[String(issue.path[0])];
      const shown = value === undefined ? ' (unset)' : `=${JSON.stringify(value)}`;
      return `  ${issue.path.join('.')}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL,
    // localhost, not 127.0.0.1: browsers hold it a secure context, where `__Host-` cookies live.
    publicOrigin: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    inProduction: inProduction(e),
    trustProxy: e.TRUST_PROXY,
    retentionMonths: e.RETENTION_MONTHS,
    minAnswers: e.MIN_ANSWERS,
    reportTimeZone: e.TZ_REPORT,
    rateLimitPerHour: e.RATE_LIMIT_PER_HOUR,
    logLevel: e.LOG_LEVEL,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            scopes: e.OIDC_SCOPES,
          }
        : undefined,
    passwordLogin: e.PASSWORD_LOGIN === 'true',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailSecret: e.MAIL_SECRET,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    operator:
      e.OPERATOR_KIND === 'state' && e.OPERATOR_NAME !== undefined
        ? { state: true, name: e.OPERATOR_NAME }
        : { state: false, name: e.OPERATOR_NAME },
    organisationName: e.ORGANISATION_NAME,
  };
}

/** Production: said so, or reachable from other machines (HOST=0.0.0.0 in a container). */
function inProduction(e: { NODE_ENV?: string | undefined; HOST?: unknown }): boolean {
  return e.NODE_ENV === 'production' || !isLoopback(String(e.HOST ?? '127.0.0.1'));
}

/** `localhost`, 127.0.0.0/8 or ::1 (bracketed or not, IPv4-mapped too). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  );
}

/** The configuration of this process; the one place that reads `process.env`. */
export function configFromEnvironment(): Config {
  return parseConfig(process.env);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `npm run cli -- user create` takes the new account's password from here when it is set. */
export function passwordFromEnvironment(): string | undefined {
  return process.env.AVIS_PASSWORD || undefined;
}
