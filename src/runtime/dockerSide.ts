import type Dockerode from 'dockerode';
import { ContainerOutput } from '../adapters/containerOutput.js';
import { DockerEngine } from '../adapters/dockerEngine.js';
import { ImagePuller } from '../adapters/imagePuller.js';
import { ownerLabels, type Owner } from '../adapters/leftovers.js';
import type { Logger } from '../adapters/logger.js';
import type { PodOutput } from '../adapters/podOutput.js';
import { RegistryCredentials } from '../adapters/registryCredentials.js';
import type { ExecutorConfig } from '../config/executorConfig.js';
import type { Input } from '../events/inputs.js';
import type { DockerInputs } from '../streams/dockerInputs.js';

/** What talks to Docker, made once the executor has asked to subscribe. */
export interface DockerSide {
  /** Gives up after docker_timeout of silence: for calls and pulls, never for the event and log streams. */
  answering: Dockerode;
  engine: DockerEngine;
  containerOutput: ContainerOutput;
}

export interface DockerSideOptions {
  config: ExecutorConfig;
  env: NodeJS.ProcessEnv;
  executorId: string;
  owner: Owner;
  podOutput: PodOutput;
  logger: Logger;
  send: (input: Input) => void;
  events: DockerInputs;
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
export async function openDockerSide(options: DockerSideOptions): Promise<DockerSide> {
  const { config, env, logger, send } = options;
  const { default: DockerClient } = await import('dockerode');
  const docker = new DockerClient();
  const answering = new DockerClient({ timeout: config.dockerTimeoutMs });
  const images = new ImagePuller(answering, logger, undefined, { progress: send, credentials: new RegistryCredentials(config.registryAuth, env) });
  const side: DockerSide = {
    answering,
    engine: new DockerEngine(docker, send, logger, ownerLabels(options.owner), images, config.dockerTimeoutMs, undefined, (service, stage, lines) => {
      void options.podOutput.writeHook(service, stage, lines);
    }),
    containerOutput: new ContainerOutput(docker, options.podOutput, logger),
  };
  await options.events.open(docker, options.executorId, config.dockerTimeoutMs, () =>
    logger.error({ timeoutMs: config.dockerTimeoutMs }, "Docker's event stream did not open; going on without it"),
  );
  return side;
}

/** Docker's side as it will be: opened on the next turn, once SUBSCRIBE is on its way. */
export interface DockerSideToCome {
  ready: Promise<DockerSide>;
  /** Undefined until it is open. */
  current(): DockerSide | undefined;
}

/** `onBroken` hears when dockerode itself cannot be loaded, a broken installation: nothing could be run. */
export function openDockerSideSoon(options: DockerSideOptions, onBroken: (error: Error) => void): DockerSideToCome {
  let side: DockerSide | undefined;
  const ready = new Promise<DockerSide>((resolve) => {
    setImmediate(() => {
      openDockerSide(options).then((opened) => resolve((side = opened)), onBroken);
    });
  });
  return { ready, current: () => side };
}
