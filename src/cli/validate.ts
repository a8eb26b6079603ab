import { parseArgs } from 'node:util';
import { planLocalPod, shellEnvironment } from './localPlan.js';

/**
 * `compose-executor validate -f FILE ...`: every mistake of the files, or
 * `ok`. The pod is planned too, with every port offered and GPUs not counted (there is no task to hold them), so a cycle, a
 * missing service or a key the operator's policy denies shows here first.
 */
export async function validate(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values } = parseArgs({ args, options: { file: { type: 'string', short: 'f', multiple: true }, config: { type: 'string' } } });
  const files = values.file?.length ? values.file : ['docker-compose.yml'];
  const config = values.config ?? process.env.COMPOSE_EXECUTOR_CONFIG;
  const result = await planLocalPod({ files, ...(config ? { config } : {}), taskId: 'validate', ports: [[1, 65535]], gpus: 'any', environment: shellEnvironment() });
  if (result._tag === 'Left') {
    err.write(result.left.map((line) => `${line}\n`).join(''));
    return 1;
  }
  err.write((result.right.plan.warnings ?? []).map((line) => `warning: ${line}\n`).join(''));
  out.write('ok\n');
  return 0;
}
