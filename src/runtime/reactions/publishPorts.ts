import path from 'node:path';
import type { Logger } from '../../adapters/logger.js';
import { writePortsFile } from '../../adapters/portsFile.js';
import type { Reaction } from '../reaction.js';

/** A planned pod's host ports go to `ports.json` in the sandbox, for whoever wants to reach the pod. */
export function publishPorts(sandbox: string, logger: Logger): Reaction {
  const file = path.join(sandbox, 'ports.json');
  return ({ input: { input } }) => {
    if (input.type === 'pod.planned') void writePortsFile(file, input.plan, logger);
  };
}
