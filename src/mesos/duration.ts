/** Mesos's duration format: a number, decimals allowed, then a unit (`500ms`, `2secs`, `15mins`). */

const NANOS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  ms: 1e6,
  secs: 1e9,
  mins: 60e9,
  hrs: 3600e9,
  days: 86400e9,
  weeks: 604800e9,
};

const DURATION = /^([0-9]+(?:\.[0-9]+)?)(ns|us|ms|secs|mins|hrs|days|weeks)$/;

/** Milliseconds in a Mesos duration, or null when the text is not one. */
export function parseMesosDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const nanos = Number(match[1]) * (NANOS_PER_UNIT[match[2]!] ?? NaN);
  return Number.isFinite(nanos) ? nanos / 1e6 : null;
}
