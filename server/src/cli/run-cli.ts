import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { embedCode } from '../../../common/embed-code.ts';
import type { Config } from '../config.ts';
import { credentials, newApiKey } from '../features/accounts/account-schemas.ts';
import { createAccount, refusalDetail } from '../features/accounts/create-account.ts';
import { createApiKey } from '../features/accounts/create-api-key.ts';
import { seedAnswers } from '../features/answers/seed.ts';
import { createOrganisation } from '../features/organisations/create-organisation.ts';
import {
  newOrganisation,
  organisationParams,
  organisationRole,
} from '../features/organisations/organisation-schemas.ts';
import { createProcedure } from '../features/procedures/create-procedure.ts';
import { newProcedure } from '../features/procedures/procedure-schema.ts';
import { periodStats } from '../features/stats/period-stats.ts';
import { auditEntry, cliActor } from '../http/audit-entry.ts';
import { periodQuery } from '../http/period-schema.ts';
import { readWidgetManifest } from '../pages/widget-manifest.ts';
import { purgeExpiredTexts } from '../privacy/retention.ts';
import { migrateToPostgres } from '../store/migrate-to-postgres.ts';
import { describeDatabase, openStore } from '../store/open-store.ts';
import { RestoreRefused, restorePostgres, restoreSqlite } from '../store/restore.ts';
import type { Store } from '../store/store.ts';
import { mailTest, notifyRun, stderrLog } from './mail-commands.ts';
import type { terminalProgress } from './progress.ts';

const usage = `Usage: npm run cli -- <command>

  procedure create --name NAME [--origin URL …] [--questions clarity,help,comment]
                   [--organisation ID]
                               create a procedure (in the default organisation unless named);
                               prints it as JSON (its key goes in the embed code)
  organisation create --name NAME [--domain example.gouv.fr …]
                               create an organisation; prints it as JSON
  organisation list            every organisation, as JSON
  organisation member --organisation ID --email E --role admin|member
                               make an account a member, or an administrator, of an organisation
  procedure list               every procedure, as JSON
  stats --procedure KEY --from YYYY-MM-DD --to YYYY-MM-DD [--source LABEL]
                               the indicators of a period, as JSON
  embed --procedure KEY        the <script> tag to paste (current version, SRI hash), and the link
  user create --email E --role admin|owner|viewer [--procedure KEY …]
                               a dashboard account (password: AVIS_PASSWORD, or asked)
  apikey create --name N --email E
                               an API key acting for that account; printed once
  seed --procedure KEY [--days 365] [--per-day 40] [--quality 0.6]
                               fill a procedure that has no answers yet with realistic made-up
                               ones (demonstrations, trials, load tests)
  backup FILE                  consistent copy of the live database, integrity-checked, in one
                               file; prints what it wrote as JSON
  restore FILE                 put a backup in place of the database (stopped first: a database
                               in use is refused); prints what it restored as JSON
  purge                        delete comments older than RETENTION_MONTHS (ratings stay)
  migrate-to-postgres          copy the SQLite database DATABASE_PATH into the empty PostgreSQL
                               database DATABASE_URL, then check counts and rollup totals
  notify run [--now 2026-12-07T08:05:00+01:00]
                               write the alerts due at that time (default: now), once however
                               often it runs, then send the outbox
  mail test --to E             send one mail now through SMTP_URL (or to the log)

The database is DATABASE_URL (PostgreSQL) when set, else DATABASE_PATH (default
./data/avis.sqlite).`;

export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The password for `user create`: AVIS_PASSWORD, or typed at a prompt. */
  password?: () => Promise<string>;
  /** Where long commands show their progress (a terminal's stderr); default: nowhere. */
  progress?: (label: string) => ReturnType<typeof terminalProgress>;
};

/** Usage errors: exit code 2, as for any Unix command given wrong arguments. */
class UsageError extends Error {}

/** Runs one CLI command; returns the exit code. Output is JSON, so it can be piped to jq. */
export async function runCli(
  args: string[],
  config: Config,
  io: CliIo,
  widgetDir?: string,
): Promise<number> {
  let store: Store | undefined;
  try {
    const [command, subcommand] = args;
    const open = async () => {
      store = await openStore(config);
      return store;
    };
    if (command === 'procedure' && subcommand === 'create') {
      const { values } = parse(args.slice(2), {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        questions: { type: 'string' },
        organisation: { type: 'string' },
      });
      const input = validate(
        newProcedure,
        {
          name: values.name,
          allowedOrigins: values.origin ?? [],
          questions: values.questions?.split(',').filter(Boolean),
        },
        { allowedOrigins: 'origin' },
      );
      const { organisation: organisationId } = validate(
        z.object({ organisation: organisationParams.shape.organisationId.optional() }),
        { organisation: values.organisation },
      );
      const store = await open();
      if (organisationId !== undefined && !(await store.findOrganisation(organisationId))) {
        io.err(`There is no organisation with the id ${organisationId}.`);
        return 1;
      }
      io.out(json(await createProcedure(store, { ...input, organisationId }, cliActor)));
      return 0;
    }
    if (command === 'organisation' && subcommand === 'create') {
      const { values } = parse(args.slice(2), {
        name: { type: 'string' },
        domain: { type: 'string', multiple: true },
      });
      const input = validate(
        newOrganisation,
        { name: values.name, domains: values.domain },
        {
          domains: 'domain',
        },
      );
      io.out(json(await createOrganisation(await open(), input, cliActor)));
      return 0;
    }
    if (command === 'organisation' && subcommand === 'list') {
      parse(args.slice(2), {});
      io.out(json(await (await open()).listOrganisations()));
      return 0;
    }
    if (command === 'organisation' && subcommand === 'member') {
      const { values } = parse(args.slice(2), {
        organisation: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
      });
      const {
        organisation: organisationId,
        email,
        role,
      } = validate(
        z.object({
          organisation: organisationParams.shape.organisationId,
          email: z.email(),
          role: organisationRole,
        }),
        values,
      );
      const store = await open();
      const user = await store.findUserByEmail(email);
      const organisation = await store.findOrganisation(organisationId);
      if (!user || !organisation) {
        io.err(
          user
            ? `There is no organisation with the id ${organisationId}.`
            : `There is no account for ${email}.`,
        );
        return 1;
      }
      await store.setMembership(user.id, organisation.id, role, {
        ...auditEntry(cliActor, 'organisation.member.set', user.email, { role }),
        organisationId,
      });
      io.out(json({ organisationId, userId: user.id, email: user.email, role }));
      return 0;
    }
    if (command === 'procedure' && subcommand === 'list') {
      parse(args.slice(2), {});
      const store = await open();
      io.out(json(await store.listProcedures()));
      return 0;
    }
    if (command === 'stats') {
      const { values } = parse(args.slice(1), {
        procedure: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        source: { type: 'string' },
      });
      const { procedure: key } = validate(z.object({ procedure: z.string().min(1) }), values);
      const period = validate(periodQuery, {
        from: values.from,
        to: values.to,
        source: values.source,
      });
      const stats = await periodStats(await open(), config.minAnswers, key, period);
      if (!stats) {
        io.err(`There is no procedure with the key ${key}.`);
        return 1;
      }
      io.out(json(stats));
      return 0;
    }
    if (command === 'user' && subcommand === 'create') {
      const { values } = parse(args.slice(2), {
        email: { type: 'string' },
        role: { type: 'string' },
        procedure: { type: 'string', multiple: true },
      });
      const {
        email,
        role,
        procedure: keys,
      } = validate(
        z
          .object({
            email: z.email(),
            role: z.enum(['admin', 'owner', 'viewer']),
            procedure: z.array(z.string()).default([]),
          })
          .refine((v) => v.role === 'admin' || v.procedure.length > 0, {
            path: ['procedure'],
            message: 'an owner or viewer needs at least one --procedure',
          }),
        values,
      );
      const password = validate(credentials.shape.password, await io.password?.(), {
        '': 'password',
      });
      const store = await open();
      const created = await createAccount(
        store,
        {
          email,
          password,
          isAdmin: role === 'admin',
          roles: role === 'admin' ? {} : Object.fromEntries(keys.map((key) => [key, role])),
        },
        cliActor,
      );
      if ('refused' in created) {
        io.err(`${refusalDetail(created, email)} No account was created.`);
        return 1;
      }
      io.out(json(created));
      return 0;
    }
    if (command === 'apikey' && subcommand === 'create') {
      const { values } = parse(args.slice(2), {
        name: { type: 'string' },
        email: { type: 'string' },
      });
      const { name, email } = validate(
        newApiKey.pick({ name: true }).extend({ email: z.email() }),
        values,
      );
      const store = await open();
      const user = await store.findUserByEmail(email);
      if (!user) {
        io.err(`There is no account with the e-mail ${email}.`);
        return 1;
      }
      const { secret } = await createApiKey(store, { userId: user.id, name, email }, cliActor);
      io.err('Keep this key now: it is stored hashed and will not be shown again.');
      io.out(secret);
      return 0;
    }
    if (command === 'embed') {
      const { values } = parse(args.slice(1), { procedure: { type: 'string' } });
      const { procedure: key } = validate(z.object({ procedure: z.string().min(1) }), values);
      const manifest = widgetDir && readWidgetManifest(widgetDir);
      if (!manifest) throw new Error('The widget is not built: run npm run build.');
      const store = await open();
      if (!(await store.findProcedure(key))) {
        io.err(`There is no procedure with the key ${key}.`);
        return 1;
      }
      const origin = config.publicOrigin;
      const script = { src: `${origin}/${manifest.file}`, integrity: manifest.integrity };
      io.out(`${embedCode(script, key)}\n\nLink (e-mails, SMS, QR codes): ${origin}/p/${key}`);
      return 0;
    }
    if (command === 'purge') {
      parse(args.slice(1), {});
      const purged = await purgeExpiredTexts(await open(), new Date(), config.retentionMonths);
      io.out(json({ purged, retentionMonths: config.retentionMonths }));
      return 0;
    }
    if (command === 'backup') {
      const { positionals } = parseArgs({
        args: args.slice(1),
        allowPositionals: true,
        strict: true,
      });
      const [file] = positionals;
      if (file === undefined || positionals.length > 1)
        throw new UsageError('backup takes one FILE');
      const store = await open();
      await store.backup(file);
      io.out(
        json({
          backup: file,
          database: describeDatabase(config),
          bytes: statSync(file).size,
          checked: true,
        }),
      );
      return 0;
    }
    if (command === 'restore') {
      const { positionals } = parseArgs({
        args: args.slice(1),
        allowPositionals: true,
        strict: true,
      });
      const [file] = positionals;
      if (file === undefined || positionals.length > 1)
        throw new UsageError('restore takes one FILE');
      try {
        const restored = config.databaseUrl
          ? await restorePostgres(config.databaseUrl, file)
          : restoreSqlite(config.databasePath, file);
        io.out(json({ restored: file, database: describeDatabase(config), ...restored }));
        return 0;
      } catch (error) {
        if (!(error instanceof RestoreRefused)) throw error;
        io.err(`Nothing restored: ${error.message}`);
        return 1;
      }
    }
    if (command === 'seed') {
      const { values } = parse(args.slice(1), {
        procedure: { type: 'string' },
        days: { type: 'string' },
        'per-day': { type: 'string' },
        quality: { type: 'string' },
      });
      const options = validate(
        z.object({
          procedure: z.string().min(1),
          days: z.coerce.number().int().min(1).max(3650).default(365),
          'per-day': z.coerce.number().min(0).max(100_000).default(40),
          quality: z.coerce.number().min(0).max(1).default(0.6),
        }),
        values,
      );
      const store = await open();
      const key = options.procedure;
      if (!(await store.findProcedure(key))) {
        io.err(`There is no procedure with the key ${key}.`);
        return 1;
      }
      // Made-up answers must never mix with real ones: only an empty procedure is filled.
      if ((await store.listSubmissions({ procedureKey: key, limit: 1 })).items.length > 0) {
        io.err(`The procedure ${key} has answers already: seed only a new, empty procedure.`);
        return 1;
      }
      const progress = io.progress?.('seed');
      const seeded = await seedAnswers(store, {
        procedures: [{ procedureKey: key, perDay: options['per-day'], quality: options.quality }],
        days: options.days,
        end: new Date(),
        timeZone: config.reportTimeZone,
        onProgress: progress?.report,
      }).finally(progress?.end);
      io.out(json({ procedure: key, seeded }));
      return 0;
    }
    if (command === 'migrate-to-postgres') {
      parse(args.slice(1), {});
      if (!config.databaseUrl) {
        throw new UsageError(
          'migrate-to-postgres copies DATABASE_PATH into DATABASE_URL: set both',
        );
      }
      io.err(`Copying ${config.databasePath} into ${describeDatabase(config)}…`);
      const progress = io.progress?.('migrate-to-postgres');
      const result = await migrateToPostgres(
        config.databasePath,
        config.databaseUrl,
        progress?.report,
      ).finally(progress?.end);
      io.out(json(result));
      return 0;
    }
    if (command === 'notify' && subcommand === 'run') {
      const { values } = parse(args.slice(2), { now: { type: 'string' } });
      const { now } = validate(
        z.object({ now: z.iso.datetime({ offset: true }).optional() }),
        values,
      );
      const at = now ? new Date(now) : new Date();
      io.out(json(await notifyRun(await open(), config, at, stderrLog(io.err))));
      return 0;
    }
    if (command === 'mail' && subcommand === 'test') {
      const { values } = parse(args.slice(2), { to: { type: 'string' } });
      const { to } = validate(z.object({ to: credentials.shape.email }), values);
      const report = await mailTest(await open(), config, to, stderrLog(io.err));
      io.out(json(report));
      return report.sent === 1 ? 0 : 1;
    }
    throw new UsageError(command ? `Unknown command: ${args.join(' ')}` : 'No command given.');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n\n${usage}`);
    return 2;
  } finally {
    await store?.close();
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses with a zod schema; errors name the command-line flag (`flags` maps field → flag). */
function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  flags: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const flag = (field: string) => `--${flags[field] ?? field}`;
  throw new UsageError(
    parsed.error.issues.map((i) => `${flag(String(i.path[0] ?? ''))}: ${i.message}`).join('\n'),
  );
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
