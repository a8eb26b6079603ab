import { randomInt } from 'node:crypto';

/**
 * How hard the chaos specs push: a few runs a kind in the normal test run,
 * CHAOS_RUNS under `npm run chaos`. Each spec draws its faults from a seeded
 * generator and prints the seed, so CHAOS_SEED repeats a failing run's choices
 * (the engine's timing is never the same twice, the choices are).
 */
const runsFromEnv = Number(process.env.CHAOS_RUNS);
const seedFromEnv = Number(process.env.CHAOS_SEED);

export const chaosRuns = (normal: number): number => (Number.isSafeInteger(runsFromEnv) && runsFromEnv > 0 ? runsFromEnv : normal);

export const chaosSeed = (): number => (Number.isSafeInteger(seedFromEnv) ? seedFromEnv : randomInt(1, 2 ** 31));

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(choices: readonly T[]): T {
    return choices[Math.floor(this.next() * choices.length)]!;
  }
}

/** Per-run budget: the suite's mocha timeout grows with the runs asked for. */
export const suiteTimeout = (runs: number, perRunMs: number): number => 30_000 + runs * perRunMs;

/** The one line a chaos spec prints: what was injected and what counted as a failure, with the seed to repeat it. */
export function report(seed: number, counts: Array<[number, string]>): void {
  console.log(`      chaos: ${counts.map(([n, what]) => `${n} ${what}`).join(', ')} (CHAOS_SEED=${seed})`);
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
