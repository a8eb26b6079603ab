import { writeFile } from 'node:fs/promises';
import type { PodPlan } from '../compose/podPlan.js';
import { portsDocument } from '../compose/portReport.js';
import type { Logger } from './logger.js';

/** Writes the pod's port mapping to `ports.json` in the sandbox, where a person or a tool reads it. */
export async function writePortsFile(file: string, plan: PodPlan, logger: Logger): Promise<void> {
  try {
    await writeFile(file, portsDocument(plan.taskId, plan.publishedPorts ?? []));
  } catch (error) {
    logger.error({ file, error: (error as Error).message }, 'cannot write the port mapping');
  }
}
