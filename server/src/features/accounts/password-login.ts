import { HttpProblem } from '../../http/problem.ts';

/**
 * With PASSWORD_LOGIN=false nothing checks nor sets a password: ProConnect signs everyone in,
 * and an invitation is taken up by signing in with ProConnect with the invited address.
 */
export function refuseWhenPasswordsAreOff(passwordLogin: boolean | undefined) {
  if (passwordLogin === false)
    throw new HttpProblem(403, 'Password sign-in is off here: sign in with ProConnect.');
}
