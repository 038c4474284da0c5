import type { FastifyPluginAsync } from 'fastify';
import { embedCode } from '../../../../common/embed-code.ts';
import { compressPage } from '../../http/compression.ts';
import { Html, html } from '../../pages/html.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { WidgetManifest } from '../../pages/widget-manifest.ts';

/**
 * `/demo` (only under `npm run demo`): the last page of a make-believe procedure, with the widget
 * embedded exactly as an administration would paste it, so a newcomer sees it work — under the
 * pages' strict CSP, the one the widget promises to live under (docs/design.md §3).
 */
export const demoPageRoute: FastifyPluginAsync<{
  manifest: WidgetManifest;
  procedureKey: string;
}> = async (app, { manifest, procedureKey }) => {
  // Compressed like every server-rendered page (kept as it is while under 1 KB).
  app.addHook('onSend', compressPage);
  app.get('/demo', { schema: { hide: true } }, async (_request, reply) =>
    sendPage(reply, 200, {
      lang: 'fr',
      title: 'Demande de passeport – Votre demande a bien été envoyée',
      stylesheets: [`/${manifest.pageStylesheet}`],
      body: html`<p class="hint">Démonstration – ce site n’est pas un vrai service public.</p>
<h1>Votre demande a bien été envoyée</h1>
<p>Votre demande de passeport porte le numéro <strong>2026-123456</strong>. Vous recevrez un
courriel dès qu’elle aura été instruite.</p>
<p>Aidez-nous à améliorer ce service :</p>
<div>
${new Html(embedCode({ src: `/${manifest.file}`, integrity: manifest.integrity }, procedureKey, { source: 'demo' }))}
</div>`,
    }),
  );
};
