import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify<string, Buffer, number, ScryptOptions, Buffer>(scrypt);

/** What `scrypt$N$r$p$salt$hash` carries besides salt and hash. */
export type PasswordCost = { N: number; r: number; p: number };

/**
 * One of OWASP's equivalent scrypt floors: N=2^14, r=8, p=5 costs as much time as N=2^17, p=1
 * (about 0.35 s here) but 16 MB of memory instead of 128 MB, so a login does not double the
 * server's footprint.
 */
const productionCost: PasswordCost = { N: 2 ** 14, r: 8, p: 5 };
/** What one hash may take: 128·N·r bytes, 16 MB at the production cost, room to raise it 4×. */
const maxmem = 64 * 1024 * 1024;
const keyLength = 32;

/**
 * The costs this code hashes at and verifies. The floor, N=2^10, r=8, p=1 (about 2 ms, 1 MB), is
 * the cheapest hash there is a use for: the tests' fixture users (test/helpers.ts), so a suite
 * does not pay 0.35 s twice per user. Production only ever writes `productionCost`, so a stored
 * hash below the floor is a corrupted or forged row, and checking it must not become nearly free:
 * it is read as no hash at all (checked against the decoy, refused). The ceiling keeps a row from
 * asking more memory than `maxmem` (scrypt would throw, a 500) or holding a thread for seconds
 * (p ≤ 16, about three production hashes). N must be a power of 2.
 */
function usableCost({ N, r, p }: PasswordCost): boolean {
  return (
    Number.isInteger(Math.log2(N)) &&
    N >= 2 ** 10 &&
    r >= 8 &&
    128 * N * r <= maxmem &&
    p >= 1 &&
    p <= 16
  );
}

/**
 * Who waits for a hash. Sign-ins keep a slot of their own and go first: a burst of invitation
 * acceptances, reset confirmations or new accounts never holds a log-in back (issue 24 measured
 * a log-in at 9.8 s behind 40 acceptances).
 */
export type PasswordLane = 'sign-in' | 'account';

/**
 * scrypt runs on libuv's thread pool (4 threads by default), which file reads and DNS share: two
 * at once leave them room, and more would only slow each one down. One of the two is kept for
 * sign-ins.
 */
const slots = 2;
/**
 * Beyond these lines a request is turned away at once (503 with Retry-After) rather than queued
 * without end. Six sign-ins behind two slots wait three hash times (~1 s), so an admitted log-in
 * still answers within 1.5 s; four account changes behind their one slot, four hash times.
 */
const lineLengths: Record<PasswordLane, number> = { 'sign-in': 6, account: 4 };
/**
 * The longest a request waits for a slot: the lines above take about 1.4 s to go through, so a
 * longer wait means the server is overwhelmed (or sign-ins keep taking every slot), and the client
 * may be gone. It is turned away with the same 503 rather than hashed for nobody.
 */
const longestWaitMs = 2000;

/** Why a hash was turned away: the line was full, or its wait too long. */
export type PasswordRefusalReason = 'line-full' | 'waited-too-long';

/**
 * A hash turned away: a 503 with Retry-After, made by http/problem.ts's error handler as for an
 * `HttpProblem` (the hashing queue knows nothing of HTTP, as the store's `StoreUnavailableError`).
 */
export class PasswordsBusyError extends Error {
  readonly status = 503;
  readonly headers: Record<string, string> = { 'retry-after': '1' };

  constructor(
    readonly detail = 'Too many passwords are being checked right now. Try again in a second.',
  ) {
    super(detail);
  }

  /** Fastify and its plugins read the status of a thrown error here. */
  get statusCode(): number {
    return this.status;
  }
}

const running: Record<PasswordLane, number> = { 'sign-in': 0, account: 0 };
const waiting: Record<PasswordLane, (() => void)[]> = { 'sign-in': [], account: [] };
let started = 0;
const refused: Record<PasswordLane, Record<PasswordRefusalReason, number>> = {
  'sign-in': { 'line-full': 0, 'waited-too-long': 0 },
  account: { 'line-full': 0, 'waited-too-long': 0 },
};

/**
 * What the hashing queue holds now, how many hashes it ever started and turned away: the process's
 * figures, read by tests and by /metrics (server/src/metrics.ts).
 */
export function passwordWork() {
  return {
    started,
    running: { ...running },
    waiting: { 'sign-in': waiting['sign-in'].length, account: waiting.account.length },
    refused: { 'sign-in': { ...refused['sign-in'] }, account: { ...refused.account } },
  };
}

function turnedAway(lane: PasswordLane, reason: PasswordRefusalReason): PasswordsBusyError {
  refused[lane][reason]++;
  return new PasswordsBusyError();
}

function mayStart(lane: PasswordLane): boolean {
  if (running['sign-in'] + running.account >= slots) return false;
  return lane === 'sign-in' || running.account < slots - 1;
}

/** Hands freed slots to the waiting, sign-ins first. */
function startWaiting() {
  for (const lane of ['sign-in', 'account'] as const) {
    while (waiting[lane].length > 0 && mayStart(lane)) {
      running[lane]++;
      waiting[lane].shift()?.();
    }
  }
}

async function inTurn<T>(lane: PasswordLane, work: () => Promise<T>): Promise<T> {
  if (waiting[lane].length === 0 && mayStart(lane)) running[lane]++;
  else if (waiting[lane].length >= lineLengths[lane]) throw turnedAway(lane, 'line-full');
  else
    await new Promise<void>((resolve, reject) => {
      // The slot is counted by whoever frees it (startWaiting), so no newcomer takes it meanwhile;
      // startWaiting calls `start` at once, which stops the timer, so a waiter is either started
      // or dropped, never both.
      const start = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiting[lane].splice(waiting[lane].indexOf(start), 1);
        reject(turnedAway(lane, 'waited-too-long'));
      }, longestWaitMs);
      waiting[lane].push(start);
    });
  try {
    started++;
    return await work();
  } finally {
    running[lane]--;
    startWaiting();
  }
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later. */
export function hashPassword(password: string): Promise<string> {
  return hashPasswordAtCost(password, productionCost);
}

/**
 * `hashPassword` at another cost, within the floor and ceiling of `usableCost`: for tests, whose
 * users need a hash the real log-in verifies, not a strong one. It waits in the same queue, so
 * every scrypt the process runs is counted and bounded alike.
 */
export async function hashPasswordAtCost(password: string, cost: PasswordCost): Promise<string> {
  if (!usableCost(cost)) throw new Error(`scrypt cost out of range: ${JSON.stringify(cost)}`);
  const { N, r, p } = cost;
  const salt = randomBytes(16);
  const hash = await inTurn('account', () =>
    scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem }),
  );
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

type StoredHash = { N: number; r: number; p: number; salt: Buffer; hash: Buffer };

/**
 * The parts of `scrypt$N$r$p$salt$hash`; `undefined` for anything else (none, another scheme, a
 * cost out of `usableCost`'s range, a salt or hash too short: an empty hash would make scrypt
 * return an empty key, equal to it whatever the password).
 */
function readHash(stored: string | undefined): StoredHash | undefined {
  const [scheme, N, r, p, salt, hash, ...rest] = (stored ?? '').split('$');
  const numbers = [N, r, p].map(Number);
  if (scheme !== 'scrypt' || !salt || !hash || rest.length > 0) return undefined;
  if (!numbers.every((n) => Number.isSafeInteger(n) && n > 0)) return undefined;
  const [n, blockSize, parallelism] = numbers as [number, number, number];
  const found = {
    N: n,
    r: blockSize,
    p: parallelism,
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
  if (!usableCost(found) || found.salt.length < 16) return undefined;
  if (found.hash.length < 16 || found.hash.length > 64) return undefined;
  return found;
}

/**
 * What a sign-in without a usable hash (no such account, a ProConnect-only one) is checked
 * against: the same parameters cost the same time, so the refusal says nothing about the account.
 * Made here rather than hashed at start, so it never waits in, nor fails with, the queue.
 */
const decoy: StoredHash = {
  ...productionCost,
  salt: Buffer.alloc(16),
  hash: Buffer.alloc(keyLength),
};

/**
 * True when `password` matches `stored`. Without a stored hash (or with one this code cannot
 * read) it runs the same hash against the decoy and answers false, in the same time: no caller
 * can forget the decoy. Runs in the sign-in lane.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const found = readHash(stored);
  const { N, r, p, salt, hash } = found ?? decoy;
  const actual = await inTurn('sign-in', () =>
    scryptAsync(password.normalize('NFC'), salt, hash.length, {
      N,
      r,
      p,
      maxmem,
    }),
  );
  return found !== undefined && timingSafeEqual(actual, hash);
}
