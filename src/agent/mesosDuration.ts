const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6, us: 1e-3, ms: 1, secs: 1000, mins: 60_000, hrs: 3_600_000, days: 86_400_000, weeks: 604_800_000,
};

/** Reads a Mesos duration ("500ms", "1.5secs", "15mins") into milliseconds; undefined when malformed. */
export function parseMesosDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ns|us|ms|secs|mins|hrs|days|weeks)$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
