import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../http/problem-schema.ts';

export const signInMethods = z.object({
  password: z.boolean().meta({ description: 'E-mail and password (PASSWORD_LOGIN)' }),
  proConnect: z.boolean().meta({ description: 'ProConnect, at GET /api/v1/oidc/login' }),
});

/** How one may sign in here, for the dashboard's log-in page. */
export const signInMethodsRoute: FastifyPluginAsyncZod<z.infer<typeof signInMethods>> = async (
  app,
  methods,
) => {
  app.get(
    '/api/v1/sign-in-methods',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getSignInMethods',
        tags: ['session'],
        summary: 'How one may sign in here',
        security: [],
        response: { 200: signInMethods, ...problems(401, 503) },
      },
    },
    async () => ({ password: methods.password, proConnect: methods.proConnect }),
  );
};
