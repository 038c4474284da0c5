import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { addDays, reportDay } from '../../common/calendar-days.ts';
import { buildApp } from './app.ts';
import { ConfigError, configFromEnvironment } from './config.ts';
import { createAccount } from './features/accounts/create-account.ts';
import { seedAnswers } from './features/answers/seed.ts';
import { createProcedure } from './features/procedures/create-procedure.ts';
import { cliActor } from './http/audit-entry.ts';
import { listen } from './listen.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';

/**
 * `npm run demo`: the server on a throwaway database holding a year of answers for three
 * procedures, `/demo`, a procedure's confirmation page with the widget embedded, and a dashboard
 * account that owns the three, so a newcomer sees every part without reading how to make one.
 */
const fromEnvironment = configFromEnvironment();
const config = {
  ...fromEnvironment,
  // Named, as an operator would (README, ORGANISATION_NAME): the demo shows no placeholder.
  organisationName: fromEnvironment.organisationName ?? 'Administration de démonstration',
  databasePath: join(mkdtempSync(join(tmpdir(), 'avis-demo-')), 'demo.sqlite'),
};
const store = openSqliteStore({ path: config.databasePath });
const procedures = [
  { name: 'Demande de passeport', perDay: 40, quality: 0.75 },
  { name: 'Déclaration de revenus', perDay: 25, quality: 0.5 },
  { name: 'Certificat d’immatriculation', perDay: 3, quality: 0.3 },
];
const keys: string[] = [];
for (const { name } of procedures) {
  keys.push((await createProcedure(store, { name, allowedOrigins: [] }, cliActor)).key);
}
await seedAnswers(store, {
  procedures: procedures.map(({ perDay, quality }, index) => ({
    procedureKey: keys[index] as string,
    perDay,
    quality,
  })),
  days: 365,
  end: new Date(),
  timeZone: config.reportTimeZone,
});

// A fresh password each run: the demo listens on the network like the real server does.
const demoAccount = {
  email: 'demo@example.gouv.fr',
  password: randomBytes(12).toString('base64url'),
};
await createAccount(
  store,
  { ...demoAccount, isAdmin: false, roles: Object.fromEntries(keys.map((key) => [key, 'owner'])) },
  cliActor,
);

const widgetDir = fileURLToPath(new URL('./widget/', import.meta.url));
const app = await buildApp({
  config,
  store,
  widgetDir,
  demoProcedureKey: keys[0],
});
closeWithGrace({ delay: 10_000 }, async () => {
  await app.close();
  await store.close();
});
const address = await listen(app, config, 'npm run demo').catch(async (error: unknown) => {
  // Said here: close-with-grace would end the process on this rejection without a word.
  console.error(error instanceof ConfigError ? error.message : error);
  await app.close();
  await store.close();
  process.exit(1);
});
// The seeded year, as a period the CLI takes (days from 2000 to 2099, at most 5 years).
const today = reportDay(new Date(), config.reportTimeZone);
console.log(`
Demo ready on a throwaway database (${config.databasePath}):
  ${address}/demo           a procedure's last page, with the widget
  ${address}/p/${keys[0]}   the same questionnaire as a page of its own (works without JavaScript)
  ${address}/dashboard/     the dashboard: e-mail ${demoAccount.email}, password ${demoAccount.password}

See what arrives:  DATABASE_PATH=${config.databasePath} npm run -s cli -- stats --procedure ${keys[0]} --from ${addDays(today, -365)} --to ${today}
`);
