import Dockerode from 'dockerode';

/** The Docker engine the benchmarks use, and the sweep that leaves it as it was found. */

export const docker = new Dockerode();

/** Built by scripts/docker-env.sh, which bench/setup.sh runs first. */
export const TEST_IMAGE = process.env.COMPOSE_EXECUTOR_TEST_IMAGE ?? 'compose-executor/busybox:test';

/** Runs until stopped; PID 1 ignores SIGTERM unless it traps it, so it does, to stop at once. */
export const LONG_RUNNING_COMMAND = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

/**
 * Every pod, project and container a benchmark makes has a compose project
 * (the executor's task id, docker-compose's -p, the minimal script's label)
 * starting with this, so one sweep finds all of them.
 */
export const BENCH_PREFIX = 'bench';
const PROJECT_LABEL = 'com.docker.compose.project';

export async function requireEngine(): Promise<void> {
  try {
    await docker.ping();
    await docker.getImage(TEST_IMAGE).inspect();
  } catch (error) {
    throw new Error(`the benchmarks need the Docker engine and ${TEST_IMAGE}: run bash bench/setup.sh (${(error as Error).message})`);
  }
}

/** Removes every container and network whose compose project starts with `prefix`. */
export async function sweep(prefix = BENCH_PREFIX): Promise<number> {
  let removed = 0;
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [PROJECT_LABEL] }) });
  await Promise.all(
    containers
      .filter((c) => c.Labels[PROJECT_LABEL]?.startsWith(prefix))
      .map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).then(() => removed++, () => {})),
  );
  const networks = await docker.listNetworks({ filters: JSON.stringify({ label: [PROJECT_LABEL] }) });
  for (const network of networks.filter((n) => n.Labels?.[PROJECT_LABEL]?.startsWith(prefix))) {
    await docker.getNetwork(network.Id).remove().then(() => removed++, () => {});
  }
  return removed;
}

const cleanups: Array<() => Promise<void> | void> = [];

/** Runs at the end of the benchmark, on success, failure or Ctrl-C. */
export function onCleanUp(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`clean-up: ${(error as Error).message}\n`);
    }
  }
  const left = await sweep().catch(() => 0);
  if (left > 0) process.stderr.write(`clean-up: removed ${left} containers and networks left behind\n`);
}

/** Runs a benchmark against the engine: sweeps before, cleans up after whatever happens, exits 1 on failure. */
export async function runBenchmark(body: () => Promise<void>): Promise<void> {
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up\n`);
    cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let failed = false;
  try {
    await requireEngine();
    await sweep();
    await body();
  } catch (error) {
    failed = true;
    process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}
