/**
 * The Node.js versions this service runs on: the LTS lines with security support (22 and 24;
 * CI runs the whole test suite on 24). An older one still starts, so that an upgrade of Node.js
 * can wait for its own maintenance window, but the log says, at every start, that it gets no
 * security fixes any more.
 */
const endOfLife: Record<number, string> = { 18: '2025-04-30', 20: '2026-04-30' };

const oldestSupportedNode = 22;

/** The warning to log at start on a Node.js past its end of life; undefined on a supported one. */
export function nodeEndOfLifeWarning(version = process.versions.node): string | undefined {
  const major = Number(version.split('.')[0]);
  if (major >= oldestSupportedNode) return undefined;
  const since = endOfLife[major] ? ` since ${endOfLife[major]}` : '';
  return `Node.js ${version} is past its end of life${since} and gets no security fixes: run this service on Node.js 22 or 24 (LTS).`;
}
