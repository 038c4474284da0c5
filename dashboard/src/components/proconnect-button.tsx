// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import type { z } from 'zod';
import type { signInMethods } from '../../../server/src/features/sign-in/sign-in-methods-route.ts';
import { useApi } from '../api-hooks.ts';

type SignInMethods = z.infer<typeof signInMethods>;

/**
 * How one may sign in here; undefined until known, so that no form shows that is then taken
 * away. If the server cannot say, the password form is offered (it says what goes wrong).
 */
export function useSignInMethods(): SignInMethods | undefined {
  const methods = useApi<SignInMethods>('/sign-in-methods');
  return methods.error ? { password: true, proConnect: false } : methods.data;
}

/**
 * «S'identifier avec ProConnect», when the service is set up for it (docs/design.md §11): the
 * official button's shape, colours and words (drawn by styles.css: DSFR's connect stylesheet would
 * add 2.5 KB gzip to every page, mostly FranceConnect's logo), a plain link to the flow's start,
 * and «Qu'est-ce que ProConnect ?» as the official button has it.
 */
export function ProConnectButton({ methods }: { methods: SignInMethods | undefined }) {
  if (!methods?.proConnect) return null;
  return (
    <div class="narrow">
      <a class="proconnect" href="/api/v1/oidc/login">
        <span>S’identifier avec</span> <span class="proconnect-brand">ProConnect</span>
      </a>
      <p>
        <a
          class="fr-link"
          href="https://www.proconnect.gouv.fr/"
          target="_blank"
          rel="noopener"
          title={'Qu’est-ce que ProConnect\u202f? - nouvelle fenêtre'}
        >
          Qu’est-ce que ProConnect ?
        </a>
      </p>
    </div>
  );
}
