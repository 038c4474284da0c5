import type { FastifyInstance } from 'fastify';
import { type Config, ConfigError } from './config.ts';

/**
 * Listens on PORT and HOST. A port another program holds is said in words, with the way out
 * (`command`, run again on the next port), not as a stack trace, or not at all: `npm run demo`
 * exited 1 without a word when port 3000 was taken (issue 29).
 */
export async function listen(
  app: FastifyInstance,
  config: Pick<Config, 'port' | 'host'>,
  command: string,
): Promise<string> {
  try {
    return await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new ConfigError(
      `Port ${config.port} is taken on ${config.host}: another program listens there (another demo or server?). Stop it, or choose another port: PORT=${config.port + 1} ${command}`,
    );
  }
}
