import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { newSecret } from './auth/secrets.ts';
import type { Config } from './config.ts';
import { administrationRoutes } from './features/accounts/administration-routes.ts';
import { nameDefaultOrganisation } from './features/accounts/default-organisation.ts';
import { invitationRoutes } from './features/accounts/invitation-routes.ts';
import { mailPreferenceRoutes } from './features/accounts/mail-preference-routes.ts';
import { passwordResetRoutes } from './features/accounts/password-reset-routes.ts';
import { sessionRoutes } from './features/accounts/session-routes.ts';
import { answerRateLimit } from './features/answers/answer-rate-limit.ts';
import { answerRoutes } from './features/answers/answer-routes.ts';
import { feedbackRoute } from './features/answers/collect-route.ts';
import { dashboardRoute } from './features/dashboard/dashboard-route.ts';
import { alertsRoute } from './features/mail/alerts-route.ts';
import { registerMailSender } from './features/mail/mail-plugin.ts';
import { registerNotifyTimer } from './features/mail/notify-timer.ts';
import { unsubscribeSigner } from './features/mail/unsubscribe.ts';
import { unsubscribeRoute } from './features/mail/unsubscribe-route.ts';
import { observatoirePublicRoutes } from './features/observatoire/observatoire-public-routes.ts';
import { observatoireRoutes } from './features/observatoire/observatoire-routes.ts';
import { healthRoutes } from './features/operations/health-routes.ts';
import {
  buildMetricsApp,
  countStoreCommits,
  metricsRoute,
} from './features/operations/metrics-route.ts';
import { accessRequestRoutes } from './features/organisations/access-request-routes.ts';
import { organisationRoutes } from './features/organisations/organisation-routes.ts';
import { procedureRoutes } from './features/procedures/procedure-routes.ts';
import { questionnaireRoutes } from './features/questionnaire/questionnaire-routes.ts';
import { proConnectClient } from './features/sign-in/proconnect-client.ts';
import { proConnectLogoutUrl } from './features/sign-in/proconnect-logout.ts';
import { proConnectRoutes } from './features/sign-in/proconnect-routes.ts';
import { signInMethodsRoute } from './features/sign-in/sign-in-methods-route.ts';
import { statsRoute } from './features/stats/stats-route.ts';
import { registerTermCounting } from './features/topics/count-terms.ts';
import { themeRoutes } from './features/topics/theme-routes.ts';
import { topicsRoute } from './features/topics/topics-route.ts';
import { improvementRoutes } from './features/transparency/improvement-routes.ts';
import { resultsLinkRoute } from './features/transparency/results-link-route.ts';
import { resultsPreviewRoute } from './features/transparency/results-preview-route.ts';
import { resultsRoutes } from './features/transparency/results-routes.ts';
import { demoPageRoute } from './features/widget/demo-page-route.ts';
import { hostedPageRoute } from './features/widget/hosted-page-route.ts';
import { publicFilesRoute } from './features/widget/widget-files-route.ts';
import { type PrivateRoute, requireDeclaredAccess, restrictAccess } from './http/access.ts';
import { registerAuthentication } from './http/authentication.ts';
import { registerCloseOnShutdown } from './http/close-on-shutdown.ts';
import { registerCors } from './http/cors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerProblemHandlers } from './http/problem.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import { registerRequestLog } from './http/request-log.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { createMetrics } from './metrics.ts';
import { type Brand, siteHeader } from './pages/site-header.ts';
import { readWidgetManifest } from './pages/widget-manifest.ts';
import { createClientKeyer } from './privacy/client-key.ts';
import { registerRetention } from './privacy/retention.ts';
import type { Store } from './store/store.ts';

export type AppDependencies = {
  config: Config;
  store: Store;
  /** The clock; tests move it to cross the 24 h update window. */
  now?: () => Date;
  /** Where logs go; tests capture them. Default: stdout. */
  logStream?: NodeJS.WritableStream;
  /** The widget build (dist/widget): script, English labels, hosted page stylesheet. */
  widgetDir: string;
  /** The dashboard build (dist/dashboard); default: beside the widget's. */
  dashboardDir?: string;
  /** The secret of the first-start setup link (printed by server.ts); default: a random one. */
  setupToken?: string;
  /** Under `npm run demo` only: serve `/demo`, a confirmation page embedding this procedure. */
  demoProcedureKey?: string | undefined;
};

/** docs/design.md §4: an answer, comment included, fits in 16 KB; more is refused with a 413. */
const bodyLimit = 16 * 1024;

/**
 * Builds the whole service, ready for `inject` or `listen`; it never listens itself
 * (server.ts does). Every plugin and route is registered here, so this file is the map.
 */
export async function buildApp({
  config,
  store,
  now = () => new Date(),
  logStream,
  widgetDir,
  dashboardDir = join(widgetDir, '..', 'dashboard'),
  demoProcedureKey,
  setupToken = newSecret(),
}: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream && { stream: logStream }),
      // docs/design.md §5: answers are anonymous, so the client address is never logged.
      serializers: {
        req: (request) => ({ method: request.method, url: request.url }),
      },
    } satisfies FastifyServerOptions['logger'],
    trustProxy: config.trustProxy ?? false,
    bodyLimit,
    // One line a request (http/request-log.ts) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerCloseOnShutdown(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  // Every API route says who may call it, wherever it is registered (http/access.ts).
  const privateRoutes: PrivateRoute[] = [];
  app.decorate('privateRoutes', privateRoutes);
  requireDeclaredAccess(app, privateRoutes);

  if (config.organisationName) {
    await nameDefaultOrganisation(store, config.organisationName, {
      name: 'ORGANISATION_NAME',
      now,
    });
  }
  await registerOpenApi(app, { publicUrl: config.publicUrl });
  await registerSecurityHeaders(app);
  await registerRateLimit(app);
  await registerAuthentication(app, {
    store,
    now,
    publicUrl: config.publicUrl,
    reportTimeZone: config.reportTimeZone,
  });

  // The widget build's file names (hashed), read once: the pages that link its stylesheets need them.
  const manifest = readWidgetManifest(widgetDir);
  // Every page a person sees wears the service's header, as the operator is (README, Configuration).
  const brand: Brand = {
    operator: config.operator,
    logoStylesheet: manifest && `/${manifest.logoStylesheet}`,
  };
  const metrics = createMetrics(config.databaseUrl ? undefined : config.databasePath);
  registerRequestLog(app, metrics);
  const clientKeyOf = createClientKeyer(now);
  await app.register(healthRoutes, { store, clientKeyOf });
  countStoreCommits(app, store, metrics);
  // README, Metrics: on a port of their own, or on PORT behind METRICS_TOKEN, or not at all.
  const metricsApp =
    config.metricsPort === undefined
      ? null
      : await buildMetricsApp(app, metrics, config.metricsToken);
  app.decorate('metricsApp', metricsApp);
  if (metricsApp) app.addHook('onClose', async () => metricsApp.close());
  else if (config.metricsToken) {
    await app.register(metricsRoute, { metrics, token: config.metricsToken });
  } else app.log.info('GET /metrics is off: set METRICS_TOKEN or METRICS_PORT to scrape it');
  // One limit on new answers for the answer route and the hosted form /p/{key}.
  const rateLimit = answerRateLimit(app, {
    perHour: config.rateLimitPerHour,
    clientKeyOf,
    metrics,
  });
  // CORS in the answer route's scope alone (http/cors.ts): every other route is same-origin,
  // and asking its delegator on every request cost each 40 to 55 µs of CPU.
  await app.register(async (answers) => {
    await registerCors(answers, store);
    await answers.register(feedbackRoute, {
      store,
      now,
      reportTimeZone: config.reportTimeZone,
      publicUrl: config.publicUrl,
      metrics,
      rateLimit,
    });
  });

  registerRetention(app, { store, months: config.retentionMonths, now });
  registerTermCounting(app, { store, metrics });
  const mailSender = registerMailSender(app, { config, store, now, metrics });
  if (!config.mailSecret) app.log.warn('MAIL_SECRET unset: unsubscribe links work until a restart');
  const signer = unsubscribeSigner(config.mailSecret ?? newSecret());
  registerNotifyTimer(app, { config, store, now, metrics, mailSender, signer });
  await app.register(unsubscribeRoute, {
    store,
    signer,
    brand,
    stylesheet: manifest && `/${manifest.pageStylesheet}`,
  });

  const reporting = {
    store,
    now,
    reportTimeZone: config.reportTimeZone,
    minAnswers: config.minAnswers,
  };
  // ProConnect (docs/design.md §11), when OIDC_ISSUER is set.
  const proConnect = config.oidc && proConnectClient(config.oidc);
  // The private API denies by default: each of its routes declares who may call it.
  await app.register(async (privateApi) => {
    restrictAccess(privateApi, {
      store,
      now,
      publicUrl: config.publicUrl,
      reportTimeZone: config.reportTimeZone,
      routes: privateRoutes,
    });
    await privateApi.register(sessionRoutes, {
      store,
      now,
      setupToken,
      clientKeyOf,
      passwordLogin: config.passwordLogin,
      ...(proConnect && {
        endSessionUrl: (request, reply) =>
          proConnectLogoutUrl(proConnect, request, reply, config.publicOrigin),
      }),
    });
    await privateApi.register(signInMethodsRoute, {
      password: config.passwordLogin,
      proConnect: proConnect !== undefined,
    });
    if (config.oidc && proConnect)
      await privateApi.register(proConnectRoutes, {
        store,
        now,
        oidc: config.oidc,
        configuration: proConnect,
        publicOrigin: config.publicOrigin,
        mailSender,
        // Its refusal pages look like the hosted questionnaire (DSFR).
        pageStylesheet: manifest?.pageStylesheet,
        brand,
        clientKeyOf,
      });
    const mailing = {
      store,
      now,
      mailSender,
      // Links in mails carry tokens: their origin is configured, never a request's Host.
      publicOrigin: config.publicOrigin,
      clientKeyOf,
      passwordLogin: config.passwordLogin,
    };
    await privateApi.register(passwordResetRoutes, mailing);
    await privateApi.register(invitationRoutes, mailing);
    await privateApi.register(mailPreferenceRoutes, { store });
    await privateApi.register(alertsRoute, reporting);
    await privateApi.register(procedureRoutes, reporting);
    await privateApi.register(questionnaireRoutes, { store, now });
    await privateApi.register(statsRoute, reporting);
    await privateApi.register(observatoireRoutes, reporting);
    await privateApi.register(answerRoutes, reporting);
    await privateApi.register(topicsRoute, reporting);
    await privateApi.register(themeRoutes, { store, now });
    await privateApi.register(administrationRoutes, { store, now });
    await privateApi.register(organisationRoutes, { store, now });
    await privateApi.register(accessRequestRoutes, { store, now });
    await privateApi.register(improvementRoutes, { store, now });
    await privateApi.register(resultsLinkRoute, { store, publicOrigin: config.publicOrigin });
    await privateApi.register(resultsPreviewRoute, {
      ...reporting,
      stylesheet: manifest && `/${manifest.resultsStylesheet}`,
      brand,
    });
  });

  await app.register(dashboardRoute, {
    dashboardDir,
    header: siteHeader(config.operator, { home: '/dashboard/' }),
    logoStylesheet: config.operator.state ? brand.logoStylesheet : undefined,
    reportTimeZone: config.reportTimeZone,
  });

  if (manifest) {
    await app.register(publicFilesRoute, { widgetDir, manifest });
    await app.register(hostedPageRoute, {
      store,
      metrics,
      rateLimit,
      manifest,
      now,
      reportTimeZone: config.reportTimeZone,
      brand,
    });
    await app.register(resultsRoutes, {
      ...reporting,
      publicUrl: config.publicUrl,
      stylesheet: `/${manifest.resultsStylesheet}`,
      brand,
    });
    await app.register(observatoirePublicRoutes, {
      store,
      publicUrl: config.publicUrl,
      stylesheet: `/${manifest.resultsStylesheet}`,
      brand,
    });
    if (demoProcedureKey) {
      await app.register(demoPageRoute, { manifest, procedureKey: demoProcedureKey });
    }
  } else {
    app.log.warn({ widgetDir }, 'widget not built (npm run build): /widget.js and /p/ are off');
  }
  return app;
}
