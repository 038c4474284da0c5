import { z } from 'zod';
import { procedureKeyPattern } from '../store/procedure-key.ts';

/**
 * A procedure's public key wherever a request names one: path, query or body (a list, a record's
 * keys). A string that cannot be a key is a 400 here, never looked up: PostgreSQL refuses a NUL
 * in a text parameter with an error, which would be a 500.
 */
export const procedureKey = z.string().regex(procedureKeyPattern, 'is not a procedure key');

/** `{key}` in a path: a procedure's public key. */
export const procedureParams = z.object({ key: procedureKey });
