/**
 * V8 flags for the executor's heap, given to node by the startup snapshot's
 * launcher (dist/compose-executor.sh) and used when the snapshot is built:
 * V8 refuses a snapshot built under other heap flags, so both read them here.
 *
 * The executor folds a few events a second and holds one pod's state; V8's
 * defaults size the young generation for throughput (semi-spaces growing to
 * 16 MB each), which an executor pays in resident memory per pod.
 *
 * Measured 2026-12-03 (pod of 3 running 8 s, snapshot form, 2 rounds, load
 * 14 on 2 CPUs): default 60.7 MB, --max-semi-space-size=1 59.6 MB,
 * =2 60.3 MB, =1 with --max-old-space-size=96 58.7 MB. The heap is not where
 * the executor's memory goes; the old-space cap saves 1 MB more but turns a
 * burst of log output into a crash, so it is left out. V8 refuses
 * --semi-space-growth-factor and --lite-mode with a snapshot.
 * COMPOSE_EXECUTOR_HEAP_FLAGS (when bundling) replaces these to compare.
 */
export const HEAP_FLAGS: readonly string[] = (process.env.COMPOSE_EXECUTOR_HEAP_FLAGS ?? '--max-semi-space-size=1').split(' ').filter(Boolean);
