import { z } from 'zod';

/**
 * RFC 9457 problem details: the one error shape of the API (docs/design.md §4, §8.5). Open to more
 * members, as the RFC says clients must ignore those they do not know.
 */
export const problem = z
  .looseObject({
    type: z.literal('about:blank'),
    title: z.string().meta({ description: 'The status text: «Bad Request», «Not Found»…' }),
    status: z.int().min(400).max(599).meta({ description: 'The HTTP status, repeated.' }),
    detail: z.string().meta({ description: 'What went wrong and what to do, for a person.' }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'The field, dotted: `clarity`, `help.0`.' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'With a 400 for invalid fields: each of them.' }),
  })
  .meta({ description: 'RFC 9457 problem details.' });

export type Problem = z.infer<typeof problem>;

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
};

/**
 * Every error status the API answers with, described once: the OpenAPI description has one
 * shared response per status (components/responses), which the operations reference.
 */
export const problemResponses = {
  400: {
    name: 'BadRequest',
    description:
      'A parameter, the query or the body is invalid; for fields, `errors` lists each by its path.',
  },
  401: {
    name: 'Unauthorized',
    description:
      'Not signed in, wrong e-mail or password, or an API key that is unknown or revoked.',
  },
  403: {
    name: 'Forbidden',
    description:
      'Not allowed: your role does not permit it, the Origin may not send answers to this procedure, or a change made with the session cookie did not come from the dashboard.',
  },
  404: { name: 'NotFound', description: 'No such procedure, account, API key or answer.' },
  409: {
    name: 'Conflict',
    description:
      'It clashes with what exists: a submission id of another procedure or more than 24 hours old, an e-mail already taken, a first account already made, your own account.',
  },
  413: { name: 'ContentTooLarge', description: 'The body is larger than 16 KB.' },
  415: {
    name: 'UnsupportedMediaType',
    description:
      'The body is not application/json (the answer route also takes text/plain, JSON inside).',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests from this client; try again after Retry-After.',
    headers: retryAfter,
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The database cannot be reached or written to; nothing was saved. Try again after Retry-After.',
    headers: retryAfter,
  },
} as const;

export type ProblemStatus = keyof typeof problemResponses;

export const problemMediaType = 'application/problem+json';

const problemContent = { [problemMediaType]: { schema: problem } };

/**
 * The error statuses a route answers with, for its `response` schema: the OpenAPI plugin turns
 * each into a reference to the shared response of that status. The body is produced by
 * problem.ts alone (as a string, so Fastify never serialises it with this schema).
 */
export function problems<const S extends readonly ProblemStatus[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemResponses[status].description, content: problemContent },
    ]),
  ) as { [K in S[number]]: { description: string; content: typeof problemContent } };
}

/** A 204: a status and no body (documented as `null`, so without content). */
export const noContent = (description: string) => z.undefined().meta({ description });
