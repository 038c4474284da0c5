/**
 * Delivers answers so that none is lost and none is counted twice (docs/design.md §3): a CORS
 * "simple" POST (no preflight) with keepalive, so it survives the page closing; retries with
 * backoff on network or server failure; and a copy in sessionStorage until the server has answered,
 * so a failed answer is sent again on the next page of the same tab. Each answer carries its
 * submission id, so a retry can only update what an earlier attempt stored.
 */

/** Named after the label each outcome shows (common/questionnaire-words.ts). */
export type Outcome = 'sent' | 'sendLater' | 'refused';
type Listener = (outcome: Outcome) => void;

const storageKey = 'jdma-outbox';
/** Answers not yet acknowledged, by submission id: only the newest version of each is kept. */
const pending: Record<string, { url: string; body: string }> = load();
const inFlight: Record<string, 1> = {};
const listeners: Record<string, Listener> = {};

export function send(url: string, id: string, answer: object, listener: Listener): void {
  listeners[id] = listener;
  pending[id] = { url, body: JSON.stringify(answer) };
  save();
  deliver(id);
}

/** Sends what an earlier page of this tab could not. */
export function resend(): void {
  for (const id in pending) deliver(id);
}

async function deliver(id: string): Promise<void> {
  if (inFlight[id]) return; // the running loop will pick up the newest version
  inFlight[id] = 1;
  for (let attempt = 0; pending[id]; attempt++) {
    const { url, body } = pending[id];
    let status = 0;
    try {
      status =
        // A string body is sent as text/plain;charset=UTF-8 by default: no header to write.
        (await fetch(url, { method: 'POST', body, keepalive: true })).status;
    } catch {
      // offline, DNS, CORS: all look alike from here; retry
    }
    if (pending[id]?.body !== body) {
      attempt = -1; // a newer step was answered meanwhile: send it now
      continue;
    }
    // 4xx but 408/429 will never succeed: drop it rather than retry forever.
    if (status && status < 500 && status !== 408 && status !== 429) {
      delete pending[id];
      save();
      listeners[id]?.(status < 300 ? 'sent' : 'refused');
      break;
    }
    if (attempt === 3) {
      listeners[id]?.('sendLater');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * 3 ** attempt));
  }
  delete inFlight[id];
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey) || '{}');
  } catch {
    return {}; // storage disabled (private mode, sandboxed frame): keep answers in memory only
  }
}

function save(): void {
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(pending));
  } catch {}
}
