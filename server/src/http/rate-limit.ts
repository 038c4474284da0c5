import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { secretHash } from '../auth/secrets.ts';
import type { AttemptStore } from '../store/store.ts';
import { HttpProblem } from './problem.ts';

/**
 * @fastify/rate-limit, off by default: routes opt in with `config.rateLimit`, per client (keyed on
 * `clientKeyOf(request.ip)`, never a raw address). Its counters live in this process's memory, on
 * purpose: DESIGN §5 keeps the client key (an HMAC of the address) in memory only, and across n
 * nodes a client gets at most n times its allowance, still bounded. What must hold across nodes
 * (guesses at one account spread over nodes and addresses) is limited per target, below.
 * Exceeding answers a 429 problem with Retry-After, through the one error handler.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        // Said of requests, not answers: log-in attempts are limited too.
        `Too many requests from this connection. Try again in ${context.after}.`,
        { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      ),
  });
}

/** A limit per target: at most `max` attempts a fixed window of `windowMs`. */
export type TargetLimit = {
  /** Keeps each limit's counts apart: `sign-in`, `invitation`… */
  name: string;
  max: number;
  windowMs: number;
  /** What the 429 says was tried too often: the same words whether the target exists or not. */
  what: string;
};

/** Counts older than this are forgotten; no window is longer. */
const longestWindowMs = 24 * 60 * 60 * 1000;
/** How often one process forgets them: one small delete now and then, not one per attempt. */
const forgetEveryMs = 10 * 60 * 1000;

/**
 * Limits per target (an account's e-mail, a link's token), counted in the store: nodes sharing a
 * PostgreSQL database count together, so an account gets `max` guesses a window however many
 * nodes and addresses they come from. The target is kept as its SHA-256 only (no e-mail address
 * in the table), and counted whether or not it exists, so a 429 says nothing about an account.
 * Call it after the cheap checks and before the expensive step (a password hash, a mail).
 */
export function targetLimiter(store: AttemptStore, now: () => Date) {
  let forgottenAt = 0;
  return async ({ name, max, windowMs, what }: TargetLimit, target: string): Promise<void> => {
    if (windowMs > longestWindowMs) throw new Error(`${name}: a window longer than a day`);
    const at = now().getTime();
    const windowStart = at - (at % windowMs);
    const count = await store.countAttempt(`${name}:${secretHash(target)}`, new Date(windowStart));
    if (at - forgottenAt >= forgetEveryMs) {
      forgottenAt = at;
      // Housekeeping: a failure here costs nothing but a bigger table until the next time.
      store.forgetAttempts(new Date(at - longestWindowMs)).catch(() => {});
    }
    if (count > max) {
      const seconds = Math.ceil((windowStart + windowMs - at) / 1000);
      throw new HttpProblem(
        429,
        `Too many attempts with ${what}. Try again in ${Math.ceil(seconds / 60)} minutes.`,
        { 'retry-after': String(seconds) },
      );
    }
  };
}
