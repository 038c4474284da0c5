import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { PasswordsBusyError } from '../auth/passwords.ts';
import { StoreUnavailableError } from '../store/store.ts';
import { type Problem, problemMediaType } from './problem-schema.ts';

/** Thrown by handlers to answer with a problem; anything else thrown is a 500. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  /** Fastify and its plugins read the status of a thrown error here. */
  get statusCode(): number {
    return this.status;
  }
}

/** A wait of `Retry-After` seconds as people read it: whole minutes, one at least. */
export const minutesOf = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** A 429 past a limit: `Retry-After` in seconds, and the wait said in minutes. */
export function tooMany(what: string, seconds: number): HttpProblem {
  const minutes = minutesOf(seconds);
  return new HttpProblem(
    429,
    `Too many ${what}. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    { 'retry-after': String(seconds) },
  );
}

/**
 * The one place an error reply is made (docs/design.md §8.5); its shape is `problem`, documented
 * once.
 */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  errors?: Problem['errors'],
) {
  const problem: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors && { errors }),
  };
  return reply
    .code(status)
    .type(`${problemMediaType}; charset=utf-8`)
    .send(JSON.stringify(problem));
}

/** Fastify's own 4xx errors, reworded for the people who read them. */
const clearerDetails: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Send the body as application/json or text/plain (a JSON document in both cases).',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is larger than the 16 KB an answer may take.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty; a JSON document was expected.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
};

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreUnavailableError) {
      request.log.error({ err: error }, 'database unavailable for writing');
      reply.header('retry-after', '30');
      return sendProblem(
        reply,
        503,
        'Answers cannot be saved right now. Nothing was saved; please try again in a moment.',
      );
    }
    if (error instanceof HttpProblem || error instanceof PasswordsBusyError) {
      reply.headers(error.headers);
      return sendProblem(reply, error.status, error.detail);
    }
    if (error.validationContext === 'body' && request.body == null) {
      return sendProblem(reply, 400, clearerDetails.FST_ERR_CTP_EMPTY_JSON_BODY as string);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.flatMap(({ instancePath, keyword, params, message }) => {
        const path = instancePath.slice(1).replaceAll('/', '.');
        // An unknown field is reported at its own path, like any other field error.
        if (keyword === 'unrecognized_keys')
          return (params.keys as string[]).map((key) => ({
            path: path ? `${path}.${key}` : key,
            message: 'is not a known field',
          }));
        return [{ path, message: message ?? 'is invalid' }];
      });
      const where = error.validationContext === 'body' ? 'The answer' : 'The request';
      return sendProblem(reply, 400, `${where} has invalid fields.`, errors);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // JSON.parse's SyntaxError comes through with status 400 and no Fastify code.
      const detail =
        clearerDetails[error.code] ??
        (error instanceof SyntaxError ? clearerDetails.FST_ERR_CTP_INVALID_JSON_BODY : undefined) ??
        error.message;
      return sendProblem(reply, status, detail);
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, 500, 'An unexpected error occurred. Please try again later.');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return sendProblem(reply, 404, `There is nothing at ${request.method} ${path}.`);
  });
}
