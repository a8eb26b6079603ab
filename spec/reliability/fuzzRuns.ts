import type { Parameters } from 'fast-check';

/**
 * How hard the reliability properties push: a fixed seed and few runs in the
 * normal test run, many runs under `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED).
 */
const runsFromEnv = Number(process.env.FUZZ_RUNS);
const seedFromEnv = Number(process.env.FUZZ_SEED);

export const fuzzing = Number.isSafeInteger(runsFromEnv) && runsFromEnv > 0;

/** Runs for a property: `normal` in the test run, FUZZ_RUNS (scaled by the property's weight) under `npm run fuzz`. */
export function runs(normal: number, weight = 1): Parameters<unknown> {
  return {
    seed: Number.isSafeInteger(seedFromEnv) ? seedFromEnv : 20240501,
    numRuns: fuzzing ? Math.max(1, Math.round(runsFromEnv * weight)) : normal,
    endOnFailure: true,
  };
}

/** Mocha's timeout for a describe of properties; none when fuzzing long. */
export const SUITE_TIMEOUT_MS = fuzzing ? 0 : 20_000;

/** Longest a single case may take: a slower one counts as a hang. */
export const CASE_BUDGET_MS = 2000;

/** Runs one case, failing it when it takes longer than the budget (sync code cannot be interrupted, only measured). */
export function withinBudget<A>(what: string, act: () => A, budgetMs = CASE_BUDGET_MS): A {
  const started = performance.now();
  const result = act();
  const took = performance.now() - started;
  if (took > budgetMs) throw new Error(`${what} took ${Math.round(took)} ms, over the ${budgetMs} ms budget for one input`);
  return result;
}

/** Bytes of heap and buffers now, to bound what an input makes the process keep. */
export function retainedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** JSON text nested `depth` levels deep around `leaf`, alternating arrays and objects. */
export function nestedJson(depth: number, leaf = '1'): string {
  const open = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? '[' : '{"a":')).join('');
  const close = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? ']' : '}')).reverse().join('');
  return open + leaf + close;
}
