import type { Command } from '../events/commands.js';

/** Whether replay gave the recorded commands; of a log that may have been cut, the recorded ones may be a prefix. */
export function sameCommands(recorded: Command[], replayed: Command[], mayBeCut: boolean): boolean {
  // Most inputs of a long run (acknowledgements, heartbeats) decide nothing; those need no comparison.
  if (recorded.length === 0 && replayed.length === 0) return true;
  if (!mayBeCut && recorded.length !== replayed.length) return false;
  if (mayBeCut && recorded.length < replayed.length) return sameJson(recorded, replayed.slice(0, recorded.length));
  return sameJson(recorded, replayed);
}

/**
 * Whether two values would be written as the same JSON, whatever their key
 * order: a field left undefined counts as absent, as JSON.stringify drops it.
 * Commands are plain data, so nothing else of JSON's conversions applies.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item ?? null, b[index] ?? null));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let fields = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    fields++;
  }
  for (const key in right) if (right[key] !== undefined) fields--;
  return fields === 0;
}
