import { UsageError } from './usageError.js';

/** `31000-31010,32000-32005` → [[31000, 31010], [32000, 32005]]. */
export function parsePortRanges(text: string): Array<[number, number]> {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    const begin = Number(match?.[1]);
    const end = Number(match?.[2] ?? match?.[1]);
    if (!match || begin < 1 || end > 65535 || begin > end) throw new UsageError(`--ports: expected BEGIN-END ranges like 31000-31010, got ${JSON.stringify(part)}`);
    return [begin, end];
  });
}
