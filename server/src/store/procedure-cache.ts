import type { AskableQuestion } from '../../../common/questionnaire.ts';
import type { Procedure } from './procedures.ts';

/** A published questionnaire version's steps and when it was published. */
export type PublishedSteps = {
  number: number;
  questions: AskableQuestion[];
  publishedAt: Date;
};

/**
 * A procedure as the stores use it when writing: its row id, what the API shows, its published
 * questionnaire version (the one a new answer is given under) and its versions, newest first:
 * the optional steps each asks (what an answer is counted as asked, whichever version it
 * started under) and when it was published (what the stats show of them).
 */
export type CachedProcedure = {
  id: number;
  procedure: Procedure;
  version: number;
  versions: readonly PublishedSteps[];
};

/** How long a procedure read from the database is served from memory. */
export const procedureCacheMs = 5000;

/**
 * Every answer looks its procedure up two or three times (CORS, origin check, write): a
 * procedure read in the last few seconds is served from memory. This process's own changes
 * drop it at once (`forget`); another process's (the CLI, another API node) are seen within
 * `procedureCacheMs`. One per store, shared by answer ingestion and the procedures' own
 * operations (procedures.ts), so that a change made through either is seen by both.
 */
export class ProcedureCache {
  readonly #entries = new Map<string, CachedProcedure & { at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The procedure if it was read less than `procedureCacheMs` ago. */
  get(key: string): CachedProcedure | undefined {
    const cached = this.#entries.get(key);
    return cached && this.#now() - cached.at < procedureCacheMs ? cached : undefined;
  }

  /** Keeps what was just read (nothing to keep when there is no such procedure), and returns it. */
  remember(read: CachedProcedure | undefined): CachedProcedure | undefined {
    if (!read) return undefined;
    // A bound on memory however many procedures a deployment holds: start afresh. Unknown keys
    // (bots trying keys) are never kept, so they cannot fill it, and each costs a read.
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(read.procedure.key, { ...read, at: this.#now() });
    return read;
  }

  /** How many procedures are kept now. */
  get size(): number {
    return this.#entries.size;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}

/**
 * The optional steps `version` of this procedure asks. A version published by another node in
 * the last few seconds may not be cached yet: its answers are then counted under the steps this
 * node knows as the latest (the same ones, unless they changed within those seconds).
 */
export function askedIn(cached: CachedProcedure, version: number): readonly AskableQuestion[] {
  return cached.versions.find((v) => v.number === version)?.questions ?? cached.procedure.questions;
}
