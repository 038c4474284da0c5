import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/access.ts';
import { problems } from '../../http/problem-schema.ts';
import type { Store } from '../../store/store.ts';
import { mailPreferencesChange, mailPreferencesView } from './mail-account-schemas.ts';

/** Each person chooses their digest and alerts (docs/design.md §9). */
export const mailPreferenceRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (
  app,
  { store },
) => {
  const tags = ['session'];
  app.get(
    '/api/v1/me/mail',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'getMailPreferences',
        tags,
        summary: 'Which mails I get',
        description: 'The digest (weekly by default) and the alerts (on by default).',
        response: { 200: mailPreferencesView, ...problems(401, 503) },
      },
    },
    async (request) => store.mailPreferences(principalOf(request).user.id),
  );

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'updateMailPreferences',
        tags,
        summary: 'Choose which mails I get',
        description: 'Each field given replaces its value; the others stay.',
        body: mailPreferencesChange,
        response: { 200: mailPreferencesView, ...problems(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request) => store.setMailPreferences(principalOf(request).user.id, request.body),
  );
};
