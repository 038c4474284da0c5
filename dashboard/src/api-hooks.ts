import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type RequestBody } from './api.ts';

/** What a component reads from the API, as `useApi` keeps it. */
export type ApiRead<T> = {
  /** The last answer shown; kept while a newer read is under way, so nothing blinks. */
  data: T | undefined;
  /** The last read's failure (an `ApiError`, or the network's), for `ErrorAlert`. */
  error: unknown;
  loading: boolean;
  /** Reads the same path again (after a change); resolves once the answer shows. */
  reload: () => Promise<void>;
  /** Reads another page (`path`) and shows `merge(shown, page)`, as one more read of this one. */
  more: <P>(path: string, merge: (shown: T | undefined, page: P) => T) => Promise<void>;
  abort: () => void;
};

/**
 * Reads `path` from the API, and again whenever `path` or `version` changes; `undefined` reads
 * nothing yet. Each read cancels the one before it (umami's query hooks do the same), and an
 * answer that comes back after a newer read began is dropped, so a late answer never shows under
 * a newer choice (the audit journal said an older action's count that way, seen in CI). `map`
 * makes what is kept out of the answer; `body` is POSTed, for a read whose question must stay out
 * of URLs and logs (a token).
 */
export function useApi<A, T = A>(
  path: string | undefined,
  options: { map?: (answer: A) => T; version?: number; body?: RequestBody } = {},
): ApiRead<T> {
  const [data, setData] = useState<T | undefined>();
  // The answer shown, which the next page is added to: kept here rather than read in a state
  // updater, so that `map` and `merge` may say things (the audit journal announces its count).
  const shown = useRef<T | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== undefined);
  const current = useRef<AbortController | undefined>();
  const map = options.map ?? ((answer: A) => answer as unknown as T);

  const abort = () => {
    if (!current.current) return;
    current.current.abort();
    current.current = undefined;
    setLoading(false);
  };
  const read = async <P>(from: string, show: (shown: T | undefined, answer: P) => T) => {
    abort();
    const request = new AbortController();
    current.current = request;
    setError(null);
    setLoading(true);
    try {
      const answer = await api<P>(
        from,
        options.body === undefined
          ? { signal: request.signal }
          : { method: 'POST', body: options.body, signal: request.signal },
      );
      if (current.current !== request) return;
      shown.current = show(shown.current, answer);
      setData(shown.current);
    } catch (failure) {
      if (current.current !== request) return;
      setError(failure);
    }
    current.current = undefined;
    setLoading(false);
  };
  const reload = () =>
    path === undefined ? Promise.resolve() : read<A>(path, (_, answer) => map(answer));

  useEffect(() => {
    reload();
    return abort;
  }, [path, options.version]);

  return { data, error, loading, reload, more: read, abort };
}

/**
 * One thing a person does (save, delete, invite): `run` clears what the last one said, runs
 * `work`, then says its failure through `error` (for `ErrorAlert`) or announces the words `work`
 * returned through `status` (for a `role="status"` region). `pending` while it runs, for
 * `disabled` or `aria-disabled`. Resolves to whether it succeeded.
 */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    setStatus('');
    setPending(true);
    try {
      const said = await work();
      if (typeof said === 'string') setStatus(said);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { pending, error, status, run };
}
