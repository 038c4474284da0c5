import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { procedureOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Store } from '../../store/store.ts';
import { starterThemes } from './starter-themes.ts';
import { newTheme, theme, themeChanges, themeParams } from './theme-schema.ts';

/**
 * A procedure's themes (docs/design.md §12): everyone who reads it sees them, its owners edit them.
 */
export const themeRoutes: FastifyPluginAsyncZod<{ store: Store; now: () => Date }> = async (
  app,
  { store, now },
) => {
  const tags = ['topics'];
  const notFound = () => new HttpProblem(404, 'This procedure has no theme with this id.');

  app.get(
    '/api/v1/procedures/:key/themes',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'listThemes',
        tags,
        summary: 'The themes comments are sorted into',
        description:
          'A procedure starts with a starter set (sign-in, payment, documents, delays, technical error, reaching someone), given the first time its themes are read; its owners then edit it.',
        params: procedureParams,
        response: {
          200: z.object({ items: z.array(theme) }),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => ({
      items: await store.listThemes(procedureOf(request).key, starterThemes),
    }),
  );

  app.post(
    '/api/v1/procedures/:key/themes',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'createTheme',
        tags,
        summary: 'Add a theme (owner)',
        description: 'A name and the words or phrases that put a comment in it; audit-logged.',
        params: procedureParams,
        body: newTheme,
        response: { 201: theme, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { key } = procedureOf(request);
      // The starter set first, so that it never lands on top of the owner's own themes later.
      await store.listThemes(key, starterThemes);
      const entry = auditEntry(actorOf(request, now), 'theme.create', key, {
        name: request.body.name,
      });
      const created = await store.createTheme(key, request.body, entry);
      if (!created) throw new HttpProblem(404, 'This procedure was just deleted.');
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/procedures/:key/themes/:id',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'updateTheme',
        tags,
        summary: 'Rename a theme or change its keywords (owner)',
        description: 'Only the fields given change; audit-logged.',
        params: themeParams,
        body: themeChanges,
        response: { 200: theme, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { key } = procedureOf(request);
      const { id } = request.params;
      const entry = auditEntry(actorOf(request, now), 'theme.update', `${key}/${id}`, {
        ...request.body,
      });
      const updated = await store.updateTheme(key, id, request.body, entry);
      if (!updated) throw notFound();
      return updated;
    },
  );

  app.delete(
    '/api/v1/procedures/:key/themes/:id',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'deleteTheme',
        tags,
        summary: 'Delete a theme (owner)',
        description: 'Comments are not touched; audit-logged.',
        params: themeParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { key } = procedureOf(request);
      const { id } = request.params;
      const entry = auditEntry(actorOf(request, now), 'theme.delete', `${key}/${id}`);
      if (!(await store.deleteTheme(key, id, entry))) throw notFound();
      return reply.code(204).send();
    },
  );
};
