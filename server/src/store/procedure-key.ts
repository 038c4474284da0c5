import { randomInt } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** What a procedure key may look like: keys made before the 10-character rule were 4 to 40. */
export const procedureKeyPattern = /^[a-z0-9]{4,40}$/;

/**
 * A procedure's public key, e.g. `k7d2x9qpzm`: 10 characters drawn from a CSPRNG (51 bits), so
 * keys reveal neither how many procedures exist nor which came first, and cannot be guessed.
 */
export function newProcedureKey(): string {
  let key = '';
  for (let i = 0; i < 10; i++) key += alphabet[randomInt(alphabet.length)];
  return key;
}

/**
 * Runs `insert` with a new key until it does not collide: a collision is a 1 in 10^15 event, so
 * another key is drawn rather than failing. `isKeyTaken` tells the database's unique violation.
 */
export async function insertWithNewKey<T>(
  insert: (key: string) => T | Promise<T>,
  isKeyTaken: (error: unknown) => boolean,
  newKey: () => string = newProcedureKey,
): Promise<T> {
  for (;;) {
    try {
      return await insert(newKey());
    } catch (error) {
      if (!isKeyTaken(error)) throw error;
    }
  }
}
