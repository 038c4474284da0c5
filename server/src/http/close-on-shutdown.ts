import type { FastifyInstance } from 'fastify';

/**
 * On close, answers still being written get their reply with `Connection: close`, so that their
 * keep-alive connections do not hold the shutdown open for their idle timeout (docs/design.md §7).
 */
export function registerCloseOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
