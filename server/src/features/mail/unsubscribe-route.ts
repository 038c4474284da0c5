import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { html } from '../../pages/html.ts';
import { messagePage, type Page } from '../../pages/layout.ts';
import { sendPage } from '../../pages/send-page.ts';
import { type Brand, serviceName } from '../../pages/site-header.ts';
import type { Store } from '../../store/store.ts';
import type { UnsubscribeSigner } from './unsubscribe.ts';

const linkQuery = z.object({
  u: z.coerce.number().int().min(1),
  what: z.enum(['alerts', 'digest']),
  sig: z.string().min(1).max(100),
});

const stopped = {
  alerts: 'Vous ne recevrez plus d’alertes par e-mail.',
  digest: 'Vous ne recevrez plus le récapitulatif des avis par e-mail.',
};
const what = { alerts: 'les alertes', digest: 'le récapitulatif des avis' };

/**
 * One-click unsubscribe (RFC 8058): the mail client POSTs `List-Unsubscribe=One-Click` to the
 * signed link of the `List-Unsubscribe` header, no login. A person who opens the link instead
 * gets a page whose button does the same (a GET changes nothing: link scanners follow links).
 */
export const unsubscribeRoute: FastifyPluginAsync<{
  store: Store;
  signer: UnsubscribeSigner;
  brand: Brand;
  /** The hosted questionnaire's stylesheet (its text, buttons and header); none before a build. */
  stylesheet: string | undefined;
}> = async (app, { store, signer, brand, stylesheet }) => {
  // The service's header, its name leading to the dashboard: the mails go to its users.
  const looks = {
    lang: 'fr',
    stylesheets: stylesheet ? [stylesheet] : [],
    header: { brand, home: '/dashboard/' },
  } satisfies Partial<Page>;
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'multipart/form-data'],
    { parseAs: 'string' },
    (_request, _body, done) => done(null, {}),
  );
  /** The link's account and what it stops, when the link is signed for that account. */
  const valid = async (query: unknown) => {
    const parsed = linkQuery.safeParse(query);
    if (!parsed.success) return undefined;
    const { u, what, sig } = parsed.data;
    const user = await store.findUser(u);
    return user && signer.verify(user, what, sig) ? { user, what } : undefined;
  };
  const deadLink = messagePage({
    ...looks,
    heading: 'Ce lien de désabonnement n’est pas valide',
    text: 'Choisissez vos e-mails dans « Mon compte » du tableau de bord.',
  });

  app.get('/desabonnement', { schema: { hide: true } }, async (request, reply) => {
    const link = await valid(request.query);
    if (!link) return sendPage(reply, 404, deadLink);
    return sendPage(reply, 200, {
      ...looks,
      title: 'Se désabonner',
      body: html`<h1>Se désabonner</h1>
<p>Ne plus recevoir ${what[link.what]} de ${serviceName} ?</p>
<form method="post"><button type="submit">Me désabonner</button></form>`,
    });
  });

  app.post('/desabonnement', { schema: { hide: true } }, async (request, reply) => {
    const link = await valid(request.query);
    if (!link) return sendPage(reply, 404, deadLink);
    await store.setMailPreferences(
      link.user.id,
      link.what === 'alerts' ? { alerts: false } : { digest: 'none' },
    );
    return sendPage(
      reply,
      200,
      messagePage({
        ...looks,
        heading: 'C’est fait',
        text: `${stopped[link.what]} Vous pouvez changer d’avis dans « Mon compte » du tableau de bord.`,
      }),
    );
  });
};
