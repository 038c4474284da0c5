import { type SaveOutcome, StoreUnavailableError } from './store.ts';

type Waiting<T> = {
  item: T;
  resolve: (outcome: SaveOutcome) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit, shared by both stores: answers that arrive while the store is idle are written
 * together on the next turn of the event loop (setImmediate), and those that arrive while a batch
 * is being committed wait and form the next one, so batches grow with the load by themselves. Each
 * promise resolves only once its transaction is committed: one disk sync for many answers, and a
 * 2xx still means on disk. SQLite's write blocks the loop, so nothing arrives during it and every
 * batch starts on a fresh turn; PostgreSQL's is a round trip, during which the next batch forms.
 * Measured in BENCHMARKS.md against a transaction per answer and a 5 ms timer.
 */
export class GroupCommit<T> {
  readonly #write: (batch: T[]) => Promise<SaveOutcome[]> | SaveOutcome[];
  #waiting: Waiting<T>[] = [];
  #writing = false;

  /** `write` saves a batch in one transaction and returns an outcome per item, in order. */
  constructor(write: (batch: T[]) => Promise<SaveOutcome[]> | SaveOutcome[]) {
    this.#write = write;
  }

  save(item: T): Promise<SaveOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#writing && this.#waiting.length === 1) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        const outcomes = await this.#write(batch.map((w) => w.item));
        for (const [i, w] of batch.entries()) w.resolve(outcomes[i] as SaveOutcome);
      } catch (error) {
        if (batch.length === 1 || error instanceof StoreUnavailableError) {
          for (const w of batch) w.reject(error);
          continue;
        }
        // One bad answer must not sink the others: save them one by one to find it.
        for (const w of batch) {
          try {
            w.resolve((await this.#write([w.item]))[0] as SaveOutcome);
          } catch (single) {
            w.reject(single);
          }
        }
      }
    }
    this.#writing = false;
  }
}
