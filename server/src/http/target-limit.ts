import { secretHash } from '../auth/secrets.ts';
import type { AttemptStore } from '../store/attempts.ts';
import { tooMany } from './problem.ts';

/** A limit per target: at most `max` attempts a fixed window of `windowMs`. */
export type TargetLimit = {
  /** Keeps each limit's counts apart: `sign-in`, `invitation`… */
  name: string;
  max: number;
  windowMs: number;
  /** What the 429 says was tried too often: the same words whether the target exists or not. */
  what: string;
};

/** Counts older than this are forgotten; no window may be longer. */
const longestWindowMs = 24 * 60 * 60 * 1000;
/** How often one process forgets them: one small delete now and then, not one per attempt. */
const forgetEveryMs = 10 * 60 * 1000;

/**
 * Limits per target (an account's e-mail, a link's token, an invited address), counted in the
 * store: nodes sharing a PostgreSQL database count together, so a target gets `max` attempts a
 * window however many nodes and client addresses they come from. The target is kept as its
 * SHA-256 only (no e-mail address in the table), and counted whether or not it exists, so a 429
 * says nothing about an account. The per-client limits are @fastify/rate-limit's (rate-limit.ts).
 *
 * `targetLimiter(store, now)` gives the function that declares a limit; declare each at
 * registration, so that a limit the table cannot hold stops the server at start rather than
 * failing every request.
 */
export function targetLimiter(store: AttemptStore, now: () => Date) {
  let forgottenAt = 0;
  return (limit: TargetLimit) => {
    const { name, max, windowMs, what } = limit;
    if (!(windowMs > 0 && windowMs <= longestWindowMs && Number.isSafeInteger(max) && max > 0))
      throw new Error(`The limit ${name} needs a window of a day at most and a positive maximum.`);
    const windowOf = () => {
      const at = now().getTime();
      const start = at - (at % windowMs);
      return { at, start: new Date(start), endsIn: Math.ceil((start + windowMs - at) / 1000) };
    };
    const keyOf = (target: string) => `${name}:${secretHash(target)}`;
    const refusal = (seconds: number) => tooMany(`attempts with ${what}`, seconds);
    const forgetNowAndThen = (at: number) => {
      if (at - forgottenAt < forgetEveryMs) return;
      forgottenAt = at;
      // Housekeeping: a failure here costs nothing but a bigger table until the next time.
      store.forgetAttempts(new Date(at - longestWindowMs)).catch(() => {});
    };
    return {
      limit,
      /**
       * Counts an attempt, then refuses it with a 429 if it is past `max`: for a step that costs
       * whether or not it succeeds (a mail, a hash). Call it after the cheap checks.
       */
      async take(target: string): Promise<void> {
        const { at, start, endsIn } = windowOf();
        const count = await store.countAttempt(keyOf(target), start);
        forgetNowAndThen(at);
        if (count > max) throw refusal(endsIn);
      },
      /**
       * Refuses with a 429 once `max` attempts are counted this window, counting nothing: for a
       * limit on failures, which `fail` counts once they happened.
       */
      async check(target: string): Promise<void> {
        const { start, endsIn } = windowOf();
        if ((await store.attemptsSince(keyOf(target), start)) >= max) throw refusal(endsIn);
      },
      /** Counts one failure at `target` (see `check`). */
      async fail(target: string): Promise<void> {
        const { at, start } = windowOf();
        await store.countAttempt(keyOf(target), start);
        forgetNowAndThen(at);
      },
    };
  };
}

export type DeclaredTargetLimit = ReturnType<ReturnType<typeof targetLimiter>>;
