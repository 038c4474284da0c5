/**
 * An audit entry's details in one line (`method: password, reason: wrong-password`): a refused
 * sign-in's reason, a key's name, a role given are what its reader looks for.
 */
export function auditDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
