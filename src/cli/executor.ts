import type Dockerode from 'dockerode';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { concatMap, map, Subject, switchMap } from '../streams/rx.js';
import { ContainerOutput } from '../adapters/containerOutput.js';
import { DockerEngine, isDockerCommand } from '../adapters/dockerEngine.js';
import { sendFrameworkMessage } from '../adapters/schedulerMessages.js';
import { currentOwner, ownerLabels, type Owner } from '../adapters/leftovers.js';
import { sweepLeftovers } from '../adapters/orphanSweep.js';
import { PodCgroups } from '../adapters/podCgroups.js';
import { lightBeacon } from '../adapters/ownerBeacon.js';
import type { Logger } from '../adapters/logger.js';
import { createLogger } from '../adapters/logger.js';
import { ImagePuller } from '../adapters/imagePuller.js';
import { loadPlugins } from '../adapters/pluginModules.js';
import { PodOutput } from '../adapters/podOutput.js';
import { PodPlugins } from '../adapters/podPlugins.js';
import { RegistryCredentials } from '../adapters/registryCredentials.js';
import { writePortsFile } from '../adapters/portsFile.js';
import { PodReconciler } from '../adapters/podReconciler.js';
import { StatusOutbox } from '../adapters/statusUpdates.js';
import { Timers } from '../adapters/timers.js';
import { FrameworkChecks } from '../adapters/frameworkCheckRunner.js';
import type { Command } from '../events/commands.js';
import { EventLogWriter } from '../events/eventLog.js';
import { ExecutorLoop } from '../events/executorLoop.js';
import type { Input } from '../events/inputs.js';
import { LOG_FORMAT, LOG_FORMAT_VERSION } from '../events/logRecord.js';
import { startCore } from '../machines/decider.js';
import { whyIgnored } from '../machines/ignoredInputs.js';
import type { AgentConnection } from '../mesos/agentConnection.js';
import { subscribeCall } from '../mesos/calls.js';
import { readExecutorEnvironment } from '../mesos/environment.js';
import { agentEvents } from '../streams/agentInputs.js';
import { dockerEvents } from '../streams/dockerEvents.js';
import { inputs } from '../streams/mergedInputs.js';
import { readExecutorConfig, type ExecutorConfig } from '../config/executorConfig.js';
import { coreSettings } from '../config/coreSettings.js';
import { withTaskSettings } from '../config/taskConfig.js';
import { EXECUTOR_VERSION } from './version.js';

/**
 * `compose-executor` with no arguments: the Mesos executor, configured by
 * the agent's environment. This is the composition root: it wires the
 * streams, the core and the adapters, and exits when the core says so.
 */
export async function runExecutor(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  leaveOutOptimizingCompiler(env);
  const read = readExecutorEnvironment(env);
  const configured = readExecutorConfig(env.COMPOSE_EXECUTOR_CONFIG);
  if (!read.ok || !configured.ok) {
    const errors = [...(read.ok ? [] : read.errors), ...(configured.ok ? [] : configured.errors)];
    process.stderr.write(`compose-executor: cannot start:\n${errors.map((error) => `  ${error}`).join('\n')}\n`);
    return 1;
  }
  const environment = read.environment;
  const config = configured.config;
  const loaded = await loadPlugins(config.plugins);
  if (!loaded.ok) {
    process.stderr.write(`compose-executor: cannot start:\n${loaded.errors.map((error) => `  ${error}`).join('\n')}\n`);
    return 1;
  }
  let logger: Logger;
  try {
    logger = createLogger(path.resolve(environment.sandbox, config.executorLog));
  } catch (error) {
    process.stderr.write(`compose-executor: cannot start: cannot open its log ${config.executorLog}: ${(error as Error).message}\n`);
    return 1;
  }

  const settings = coreSettings(environment, config);
  const connection: AgentConnection = {
    host: environment.agentEndpoint.host,
    port: environment.agentEndpoint.port,
    frameworkId: environment.frameworkId,
    executorId: environment.executorId,
    encoding: config.encoding,
    maxRecordBytes: config.maxRecordBytes,
    ...(environment.authenticationToken ? { authenticationToken: environment.authenticationToken } : {}),
  };
  const log = new EventLogWriter(
    path.resolve(environment.sandbox, config.eventLog),
    {
      format: LOG_FORMAT,
      version: LOG_FORMAT_VERSION,
      executorVersion: EXECUTOR_VERSION,
      startedAt: new Date().toISOString(),
      config: { settings, frameworkId: environment.frameworkId, executorId: environment.executorId, plugins: loaded.plugins.map((plugin) => plugin.name) },
    },
    (message) => logger.error({ problem: message }, 'the event log cannot be written; the pod goes on without it'),
  );

  const feedback = new Subject<Input>();
  const send = (input: Input) => feedback.next(input);
  const subscribeRequests = new Subject<object>();
  const plugins = new PodPlugins(loaded.plugins, send, logger, (taskId) => loop.current.pods[taskId]?.context.plan ?? undefined);
  const outbox = new StatusOutbox(
    connection,
    send,
    logger,
    undefined,
    plugins.any ? (command) => plugins.statusLabels(command) : undefined,
    () => (log.problem ? `${log.problem}; the event log is incomplete` : null),
  );
  const timers = new Timers(send);
  const self = currentOwner();
  const beacon = lightBeacon(self.pidNamespace, self.startTime);
  const owner: Owner = {
    ...self,
    ...(beacon !== undefined ? { netNamespace: beacon } : {}),
    ...(environment.agentId !== undefined ? { agentId: environment.agentId } : {}),
  };
  const podOutput = new PodOutput(path.join(environment.sandbox, 'logs'), { maxBytes: config.containerLogMaxBytes, files: config.containerLogFiles });
  const dockerInputs = new Subject<Input>();
  // Docker's side is opened once SUBSCRIBE is on its way (see openDocker); every Docker command waits for it, in order.
  let dockerSide: DockerSide | undefined;
  const dockerReady = new Promise<DockerSide>((ready) => {
    setImmediate(() => {
      openDocker({ config, env, executorId: environment.executorId, owner, podOutput, logger, send, events: dockerInputs }).then(
        (side) => ready((dockerSide = side)),
        // Only a broken installation gets here (dockerode missing or not loadable): nothing could be run.
        (error: Error) => {
          logger.fatal({ error: error.message }, 'cannot load the Docker client');
          process.stderr.write(`compose-executor: cannot load the Docker client: ${error.message}\n`);
          exit(1);
        },
      );
    });
  });
  const frameworkChecks = new FrameworkChecks(
    dockerReady.then((side) => side.answering),
    send,
    logger,
  );
  const plannerContext = {
    sandbox: environment.sandbox,
    executorId: environment.executorId,
    frameworkId: environment.frameworkId,
    environment: taskEnvironment(env),
    policy: config.policy,
    ...(config.infraContainer ? { infraContainer: config.infraContainer } : {}),
    ...(plugins.any ? { plugins } : {}),
  };

  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exit = resolve));

  const dispatch = (command: Command): void => {
    switch (command.type) {
      case 'agent.subscribe':
        subscribeRequests.next(subscribeCall(connection, command.unacknowledgedTasks, outbox.pending(command.unacknowledgedUpdates)));
        return;
      case 'status.send':
        if (command.state === 'TASK_RUNNING') plugins.afterRunning(command.taskId);
        outbox.send(command);
        return;
      case 'agent.message':
        void sendFrameworkMessage(connection, command, logger);
        return;
      case 'pod.plan': {
        // The compose loader and planner are loaded at the first launch, not before SUBSCRIBE.
        Promise.all([import('../adapters/podPlanner.js'), cgroups.placement()])
          .then(([{ planTask }, { parent }]) =>
            planTask(command, { ...plannerContext, ...(parent ? { cgroupParent: parent } : {}) }),
          )
          .then(send, (error: Error) =>
          send({ type: 'pod.plan_failed', taskId: command.taskId, message: `planning failed: ${error.message}` }),
        );
        return;
      }
      case 'check.run':
        frameworkChecks.run(command);
        return;
      case 'timer.start':
        timers.start(command);
        return;
      case 'timer.cancel':
        timers.cancel(command.name);
        return;
      case 'executor.exit':
        logger.info({ reason: command.reason }, 'executor exiting');
        exit(command.code);
        return;
      default:
        if (!isDockerCommand(command)) return;
        // Stops and removals end a pod: the beforeKill hooks run first, once a task.
        void dockerReady.then(({ engine }) => {
          if (plugins.any && (command.type === 'container.stop' || command.type === 'container.remove')) void plugins.beforeKill(command.taskId).then(() => engine.run(command));
          else engine.run(command);
        });
    }
  };

  const loop = new ExecutorLoop(startCore(settings), log, dispatch, ({ input }) => {
    if (input.type === 'mesos.acknowledged') outbox.acknowledge(input.uuid);
    if (input.type === 'pod.planned') void writePortsFile(path.join(environment.sandbox, 'ports.json'), input.plan, logger);
    dockerSide?.containerOutput.observe(input);
    if ('taskId' in input && typeof input.taskId === 'string') {
      const pod = loop.current.pods[input.taskId];
      if (pod?.status === 'done') plugins.afterKill(input.taskId, pod.context.outcome?.state ?? 'TASK_FAILED');
    }
    const ignored = whyIgnored(loop.current, input);
    if (ignored) logger[ignored.level]({ input }, ignored.reason);
    const notable = input.type.endsWith('disconnected') || input.type === 'mesos.unknown';
    if (input.type.endsWith('malformed')) logger.error({ input }, 'input');
    else if (notable) logger.warn({ input }, 'input');
    else logger.debug({ input }, 'input');
  });

  // The backoff's randomness enters here, as data in the logged input, so the core stays pure and replays it.
  const withJitter = (input: Input): Input => (input.type === 'mesos.disconnected' ? { ...input, jitter: Math.random() } : input);
  const cgroups = new PodCgroups(dockerReady.then(({ answering }) => answering), config.dockerTimeoutMs, logger);
  const agent$ = subscribeRequests.pipe(
    switchMap((call) => agentEvents(connection, call).pipe(map(withJitter), map(withTaskSettings(config)), concatMap(cgroups.withNotice))),
  );
  loop.run(inputs([agent$, dockerInputs, feedback]));
  let reconciler: PodReconciler | undefined;
  void dockerReady.then(({ answering }) => {
    reconciler = new PodReconciler(answering, () => loop.current, send, logger, config.reconcileIntervalMs);
    reconciler.start();
    // An earlier incarnation of this executor id, or an executor of this agent destroyed mid-teardown, may have left a pod behind.
    void sweepLeftovers(answering, { executorId: environment.executorId, owner, keptForMs: config.cleanup.keptForMs }, logger);
  });

  const code = await exited;
  reconciler?.stop();
  await cgroups.tidy();
  await plugins.settled();
  // The containers have stopped by now; their last lines are still on the way to the sandbox.
  await dockerSide?.containerOutput.close(2000);
  loop.stop();
  timers.cancelAll();
  outbox.stop();
  log.close();
  return code;
}

/** What talks to Docker, made once the executor has asked to subscribe. */
interface DockerSide {
  /** Gives up after docker_timeout of silence: for calls and pulls, never for the event and log streams. */
  answering: Dockerode;
  engine: DockerEngine;
  containerOutput: ContainerOutput;
}

interface DockerSideOptions {
  config: ExecutorConfig;
  env: NodeJS.ProcessEnv;
  executorId: string;
  owner: Owner;
  podOutput: PodOutput;
  logger: Logger;
  send: (input: Input) => void;
  events: Subject<Input>;
}

/**
 * Loads dockerode, which pulls in much of its transport stack, and opens
 * Docker's event stream. This runs after SUBSCRIBE is sent, so the agent
 * hears from a new executor without waiting for it. Containers are created
 * only once the stream is open, so no death goes unseen; an unreachable
 * engine must not stall the executor for ever, though: past docker_timeout
 * the side is ready anyway, and each launch fails on its first Docker call,
 * saying why.
 */
async function openDocker(options: DockerSideOptions): Promise<DockerSide> {
  const { config, env, logger, send } = options;
  const { default: DockerClient } = await import('dockerode');
  const docker = new DockerClient();
  const answering = new DockerClient({ timeout: config.dockerTimeoutMs });
  const images = new ImagePuller(answering, logger, undefined, { progress: send, credentials: new RegistryCredentials(config.registryAuth, env) });
  const side: DockerSide = {
    answering,
    engine: new DockerEngine(docker, send, logger, ownerLabels(options.owner), images, config.dockerTimeoutMs),
    containerOutput: new ContainerOutput(docker, options.podOutput, logger),
  };
  await new Promise<void>((ready) => {
    const patience = setTimeout(() => {
      logger.error({ timeoutMs: config.dockerTimeoutMs }, "Docker's event stream did not open; going on without it");
      ready();
    }, config.dockerTimeoutMs);
    dockerEvents(docker, options.executorId).subscribe((input) => {
      if (input !== null) return options.events.next(input);
      clearTimeout(patience);
      ready();
    });
  });
  return side;
}

/** What compose files may interpolate: the executor's environment, less the agent's secret. */
function taskEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'MESOS_EXECUTOR_AUTHENTICATION_TOKEN'),
  );
}

/**
 * An executor folds a few events a second and waits on Docker and the agent
 * the rest of the time, so V8's optimizing compiler has nothing to win back
 * for the 4 MB its code and output keep resident in every executor (one per
 * pod). Turned off before anything is hot enough to need it, unless the
 * operator asks for it in the node command line or NODE_OPTIONS.
 */
function leaveOutOptimizingCompiler(env: NodeJS.ProcessEnv): void {
  const asked = [...process.execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  if (!/--(no-)?(opt|turbofan)\b/.test(asked)) setFlagsFromString('--no-opt');
}

