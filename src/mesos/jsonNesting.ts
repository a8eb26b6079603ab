/**
 * Whether a parsed JSON value nests deeper than `limit` arrays and objects.
 * Iterative, so that the check itself cannot overflow the stack that a
 * recursive decoder (or an error message's preview) would.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Far deeper than any Mesos event or Docker event is; far shallower than the stack allows. */
export const MAX_JSON_NESTING = 64;
