/** Told after each transaction of answers commits: how many answers, and how long it took. */
export type CommitObserver = (answers: number, seconds: number) => void;

/**
 * Who watches a store's writes of answers (the app's metrics). A callback rather than a
 * metrics object, so that the stores know nothing of Prometheus and the CLI pays nothing.
 */
export class CommitObservers {
  readonly #observers = new Set<CommitObserver>();

  /** Starts telling `observer`; returns what stops it. */
  add(observer: CommitObserver): () => void {
    this.#observers.add(observer);
    return () => {
      this.#observers.delete(observer);
    };
  }

  /** After the commit of `answers` answers whose transaction began at `startedAt` (performance.now()). */
  committed(answers: number, startedAt: number): void {
    if (this.#observers.size === 0) return;
    const seconds = (performance.now() - startedAt) / 1000;
    for (const observer of this.#observers) observer(answers, seconds);
  }
}
