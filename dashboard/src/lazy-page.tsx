import { type FunctionComponent, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from './components/error-alert.tsx';
import { useDashboard } from './context.ts';

/**
 * A page whose code is downloaded the first time it is shown (esbuild splits it off): the log-in
 * page then carries neither chart.js nor the pages behind it. A build replaces every chunk, so a
 * tab opened before a deployment asks for files that are gone: the page is then loaded again,
 * once, to get the new ones; a second failure is said.
 */
export function lazyPage<P>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  let loading: Promise<FunctionComponent<P>> | undefined;
  return function LazyPage(props) {
    const { t } = useDashboard();
    const [, setReady] = useState(false);
    const [failure, setFailure] = useState<unknown>(null);
    useEffect(() => {
      if (loaded) return;
      loading ??= load();
      loading.then(
        (page) => {
          loaded = page;
          sessionStorage.removeItem(reloadKey);
          setReady(true);
        },
        (error: unknown) => {
          loading = undefined;
          if (sessionStorage.getItem(reloadKey) === location.pathname) return setFailure(error);
          sessionStorage.setItem(reloadKey, location.pathname);
          location.reload();
        },
      );
    }, []);
    if (loaded) return h(loaded as FunctionComponent, props);
    return failure ? <ErrorAlert error={failure} /> : <p>{t.loading}</p>;
  };
}

const reloadKey = 'reloaded-for-missing-code';
