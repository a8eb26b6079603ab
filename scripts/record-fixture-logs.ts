import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { refuseConnectionsFor } from '../src/agent/agentFaults.js';
import type { LocalPod, LocalPodOptions } from '../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, containersOf, requireDocker } from '../spec/integration/support.js';

/**
 * Records the event logs kept under spec/fixtures/logs/, which
 * spec/replay/fixtures.spec.ts replays and verifies for ever: a change that
 * breaks the logs today's executor writes then fails there. Runs pods on
 * the real engine through the embedded agent, as the integration specs do,
 * so it needs `npm run build` and scripts/docker-env.sh first.
 *
 *   npx tsx scripts/record-fixture-logs.ts [name ...]
 *
 * Re-record only when a log format change is meant; the old files are the
 * point.
 */

const exec = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../spec/fixtures/logs/', import.meta.url));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sh = (script: string) => ({ command: ['sh', '-c', `trap 'exit 0' TERM; ${script}`] });
const webAndDb = composeFile({ db: LONG_RUNNING, web: { ...LONG_RUNNING, depends_on: ['db'] } });
const READY_FILE_CHECK = { test: ['CMD-SHELL', 'test -f /tmp/ready'], interval: '500ms', timeout: '1s', retries: 1 };

interface Recording {
  /** What the pod does, in the fixture's README line. */
  about: string;
  options: (sandbox: string) => Promise<LocalPodOptions>;
  run: (pod: LocalPod) => Promise<void>;
}

async function configIn(sandbox: string, text: string): Promise<Record<string, string>> {
  const file = path.join(sandbox, 'compose-executor.yml');
  await writeFile(file, text);
  return { COMPOSE_EXECUTOR_CONFIG: file };
}

const recordings: Record<string, Recording> = {
  killed: {
    about: 'two services run, then Mesos kills the task',
    options: async () => ({ files: [{ name: 'docker-compose.yml', text: webAndDb }] }),
    run: async (pod) => {
      await pod.waitForState(['TASK_RUNNING']);
      pod.kill();
      await pod.finished(30_000);
    },
  },
  failed: {
    about: 'two services run, then db is killed from outside and the pod fails',
    options: async () => ({ files: [{ name: 'docker-compose.yml', text: webAndDb }] }),
    run: async (pod) => {
      await pod.waitForState(['TASK_RUNNING']);
      const db = (await containersOf(pod.taskId)).find((c) => c.Labels['com.docker.compose.service'] === 'db')!;
      await exec('docker', ['kill', db.Id]);
      await pod.waitForState(['TASK_FAILED']);
      await pod.finished(30_000);
    },
  },
  'health-flap': {
    about: 'web turns unhealthy and healthy again (unhealthy: report), then is killed',
    options: async (sandbox) => ({
      files: [
        {
          name: 'docker-compose.yml',
          text: composeFile({ web: { ...sh('touch /tmp/ready; sleep 3; rm /tmp/ready; sleep 3; touch /tmp/ready; sleep 3600 & wait'), healthcheck: READY_FILE_CHECK } }),
        },
      ],
      env: await configIn(sandbox, 'unhealthy: report\n'),
    }),
    run: async (pod) => {
      await pod.agent.waitForUpdate((u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING' && u.status.healthy === false, 30_000);
      await pod.agent.waitForUpdate((u) => u.taskId === pod.taskId && u.state === 'TASK_RUNNING' && u.status.healthy === true && u.status.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', 30_000);
      pod.kill();
      await pod.finished(30_000);
    },
  },
  'restart-policy': {
    about: 'an on-failure:2 service that Docker restarts twice before the pod fails',
    options: async () => ({ files: [{ name: 'docker-compose.yml', text: composeFile({ flaky: { command: ['sh', '-c', 'sleep 1; exit 1'], restart: 'on-failure:2' } }) }] }),
    run: async (pod) => {
      await pod.waitForState(['TASK_FAILED'], 60_000);
      await pod.finished(30_000);
    },
  },
  'agent-reconnect': {
    about: 'the agent refuses connections for a second; the executor re-subscribes with its unacknowledged updates, then the task is killed',
    options: async () => ({ files: [{ name: 'docker-compose.yml', text: webAndDb }], checkpoint: true, subscriptionBackoffMax: '500ms' }),
    run: async (pod) => {
      pod.agent.acknowledgements = 'withhold';
      const running = await pod.waitForState(['TASK_RUNNING']);
      await pause(300);
      const restart = refuseConnectionsFor(pod.agent, 1000);
      pod.agent.acknowledgements = 'send';
      await restart;
      await pod.agent.waitForUpdate((u) => u.uuid === running.uuid && u.viaSubscribe, 10_000);
      await pause(500);
      pod.kill();
      await pod.finished(30_000);
    },
  },
};

async function record(name: string, recording: Recording): Promise<void> {
  const pods = new PodsUnderTest();
  const sandbox = await mkdtemp(path.join(tmpdir(), `compose-executor-fixture-${name}-`));
  try {
    const pod = await pods.start({ ...(await recording.options(sandbox)), sandbox });
    await recording.run(pod);
    // Verifies the log as every integration spec does, so a fixture that does not replay is never kept.
    await pods.cleanUp();
    await mkdir(path.join(FIXTURES, name), { recursive: true });
    await copyFile(path.join(sandbox, 'events.jsonl'), path.join(FIXTURES, name, 'events.jsonl'));
    process.stdout.write(`${name}: ${recording.about}; states ${pod.states().join(' -> ')}\n`);
  } finally {
    await pods.cleanUp().catch(() => {});
    await rm(sandbox, { recursive: true, force: true });
  }
}

await requireDocker();
const wanted = process.argv.slice(2);
for (const [name, recording] of Object.entries(recordings)) {
  if (wanted.length === 0 || wanted.includes(name)) await record(name, recording);
}
process.exit(0);
