import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { maskSecrets } from '../events/secretValues.js';
import { planLocalPod, shellEnvironment } from './localPlan.js';
import { parsePortRanges } from './portRanges.js';
import { UsageError } from './usageError.js';

/** `compose-executor plan -f FILE ...`: the pod one task would run, as YAML, before anything is deployed. */
export async function plan(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string', short: 'f', multiple: true }, 'task-id': { type: 'string' }, ports: { type: 'string' }, gpus: { type: 'string' }, config: { type: 'string' } },
  });
  const files = values.file?.length ? values.file : ['docker-compose.yml'];
  if (values.gpus !== undefined && !/^\d+$/.test(values.gpus)) throw new UsageError(`--gpus: expected a number of GPUs, got ${JSON.stringify(values.gpus)}`);
  const config = values.config ?? process.env.COMPOSE_EXECUTOR_CONFIG;
  const result = await planLocalPod({
    files,
    ...(config ? { config } : {}),
    taskId: values['task-id'] ?? 'pod',
    ports: values.ports ? parsePortRanges(values.ports) : [[31000, 31099]],
    ...(values.gpus === undefined ? {} : { gpus: Number(values.gpus) }),
    environment: shellEnvironment(),
  });
  if (result._tag === 'Left') {
    err.write(result.left.map((line) => `${line}\n`).join(''));
    return 1;
  }
  err.write((result.right.plan.warnings ?? []).map((line) => `warning: ${line}\n`).join(''));
  // Printed as the event log holds it: secrets masked.
  out.write(stringify(maskSecrets(result.right.plan), { aliasDuplicateObjects: false }));
  return 0;
}
