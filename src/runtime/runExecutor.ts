import path from 'node:path';
import { FrameworkChecks } from '../adapters/frameworkCheckRunner.js';
import { sweepLeftovers } from '../adapters/orphanSweep.js';
import { PodCgroups } from '../adapters/podCgroups.js';
import { PodOutput } from '../adapters/podOutput.js';
import { PodPlugins } from '../adapters/podPlugins.js';
import { PodReconciler } from '../adapters/podReconciler.js';
import { StatusOutbox } from '../adapters/statusUpdates.js';
import { Timers } from '../adapters/timers.js';
import { sandboxOwnFiles } from '../compose/buildPlan.js';
import { withTaskSettings } from '../config/taskConfig.js';
import { startCore } from '../machines/decider.js';
import { agentEvents } from '../streams/agentInputs.js';
import { withBackoffJitter } from '../streams/backoffJitter.js';
import { DockerInputs } from '../streams/dockerInputs.js';
import { Feedback } from '../streams/feedback.js';
import { inputs } from '../streams/mergedInputs.js';
import { concatMap, map, Subject, switchMap } from '../streams/rx.js';
import { carry, commandCarriers } from './commandCarriers.js';
import { dockerCommands } from './dockerCommands.js';
import { openDockerSideSoon } from './dockerSide.js';
import { openEventLog } from './executorEventLog.js';
import { ExecutorLoop } from './executorLoop.js';
import { executorOwner } from './executorOwner.js';
import { fromEnvironment, taskEnvironment } from './fromEnvironment.js';
import { leaveOutOptimizingCompiler } from './optimizingCompiler.js';
import { podPlanning } from './podPlanning.js';
import { inOrder } from './reaction.js';
import { followContainerLogs } from './reactions/followContainerLogs.js';
import { logIgnoredInput } from './reactions/logIgnoredInput.js';
import { logInput } from './reactions/logInput.js';
import { publishPorts } from './reactions/publishPorts.js';

/**
 * `compose-executor` with no arguments: the Mesos executor, configured by
 * the agent's environment. The composition root: one entry a source into
 * the channel, the loop, a carrier a command type, reactions after each
 * input; it exits when the core says so.
 */
export async function runExecutor(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  leaveOutOptimizingCompiler(env);
  const started = await fromEnvironment(env);
  if (!started.ok) {
    process.stderr.write(started.message);
    return 1;
  }
  const { environment, config, plugins: loaded, logger, settings, connection } = started.start;
  const { sandbox, executorId, frameworkId } = environment;
  const log = openEventLog(started.start);

  const feedback = new Feedback();
  const send = feedback.send;
  const dockerInputs = new DockerInputs();
  const subscribeRequests = new Subject<object>();
  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exit = resolve));

  const plugins = new PodPlugins(loaded, send, logger, (taskId) => loop.current.pods[taskId]?.context.plan ?? undefined);
  const executorProblem = () => (log.problem ? `${log.problem}; the event log is incomplete` : null);
  const outbox = new StatusOutbox(connection, send, logger, undefined, plugins.any ? (command) => plugins.statusLabels(command) : undefined, executorProblem);
  const timers = new Timers(send);
  const owner = executorOwner(environment.agentId);
  const podOutput = new PodOutput(path.join(sandbox, 'logs'), { maxBytes: config.containerLogMaxBytes, files: config.containerLogFiles });
  // Docker's side is opened once SUBSCRIBE is on its way; every Docker command waits for it, in order.
  const dockerSide = openDockerSideSoon({ config, env, executorId, owner, podOutput, logger, send, events: dockerInputs }, (error) => {
    logger.fatal({ error: error.message }, 'cannot load the Docker client');
    process.stderr.write(`compose-executor: cannot load the Docker client: ${error.message}\n`);
    exit(1);
  });
  const answering = dockerSide.ready.then((side) => side.answering);
  const cgroups = new PodCgroups(answering, config.dockerTimeoutMs, logger);
  const plannerContext = {
    sandbox,
    executorId,
    frameworkId,
    environment: taskEnvironment(env),
    policy: config.policy,
    sandboxOwnFiles: sandboxOwnFiles(config.eventLog),
    ...(config.infraContainer ? { infraContainer: config.infraContainer } : {}),
    ...(plugins.any ? { plugins } : {}),
  };

  const carriers = commandCarriers({
    connection,
    subscribe: (call) => subscribeRequests.next(call),
    outbox,
    plugins,
    planPod: podPlanning(plannerContext, cgroups, send),
    docker: dockerCommands(dockerSide.ready, plugins),
    frameworkChecks: new FrameworkChecks(answering, send, logger),
    timers,
    logger,
    exit,
  });
  const reactions = inOrder([
    publishPorts(sandbox, logger),
    followContainerLogs(() => dockerSide.current()?.containerOutput),
    logIgnoredInput(logger),
    logInput(logger),
  ]);
  const loop = new ExecutorLoop(startCore(settings), log, carry(carriers), reactions);

  const agent$ = subscribeRequests.pipe(
    switchMap((call) => agentEvents(connection, call).pipe(map(withBackoffJitter()), map(withTaskSettings(config)), concatMap(cgroups.withNotice))),
  );
  loop.run(inputs([agent$, dockerInputs.inputs, feedback.inputs]));
  let reconciler: PodReconciler | undefined;
  void answering.then((docker) => {
    reconciler = new PodReconciler(docker, () => loop.current, send, logger, config.reconcileIntervalMs);
    reconciler.start();
    // An earlier incarnation of this executor id, or an executor of this agent destroyed mid-teardown, may have left a pod behind.
    void sweepLeftovers(docker, { executorId, owner, keptForMs: config.cleanup.keptForMs }, logger);
  });

  const code = await exited;
  reconciler?.stop();
  await cgroups.tidy();
  await plugins.settled();
  // The containers have stopped by now; their last lines are still on the way to the sandbox.
  await dockerSide.current()?.containerOutput.close(2000);
  loop.stop();
  timers.cancelAll();
  outbox.stop();
  log.close();
  return code;
}
