/**
 * Whether a browser `Origin` may post answers for a procedure. An allowed origin is either exact
 * (`https://www.service-public.fr`, port included when not the default) or a wildcard over
 * subdomains (`https://*.impots.gouv.fr`: any depth, never the bare domain). Compared on the
 * serialised origin, so case and default ports cannot smuggle a look-alike in.
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  let known = decisions.get(allowed);
  if (!known) {
    known = new Map();
    decisions.set(allowed, known);
  }
  let decision = known.get(origin);
  if (decision === undefined) {
    decision = decide(origin, allowed);
    if (known.size >= 1000) known.clear();
    known.set(origin, decision);
  }
  return decision;
}

/**
 * Every answer asks twice (CORS, then the route) with the same procedure's list, which the store
 * hands out as the same array until the procedure changes: parsing URLs each time was 7 % of the
 * cost of an answer. Decisions are remembered per list, a thousand origins at most.
 */
const decisions = new WeakMap<readonly string[], Map<string, boolean>>();

function decide(origin: string, allowed: readonly string[]): boolean {
  const candidate = parseOrigin(origin);
  if (!candidate) return false;
  return allowed.some((pattern) => {
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(pattern);
    if (!wildcard) return parseOrigin(pattern)?.origin === candidate.origin;
    const base = parseOrigin(`${wildcard[1]}://${wildcard[2]}`);
    return (
      base !== undefined &&
      candidate.protocol === base.protocol &&
      candidate.port === base.port &&
      candidate.hostname.endsWith(`.${base.hostname}`)
    );
  });
}

/** A valid http(s) origin as a URL (no path, query or credentials), or undefined (`null`…). */
export function parseOrigin(value: string): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const isWeb = url.protocol === 'https:' || url.protocol === 'http:';
  const isBare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  // Host names, IPv4 and bracketed IPv6 only: `https://*` parses, but names no host.
  const isHost = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname);
  return isWeb && isBare && isHost ? url : undefined;
}
