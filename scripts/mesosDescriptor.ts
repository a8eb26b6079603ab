import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/**
 * Turns src/mesos/*.proto into src/mesos/mesosDescriptor.ts, the JSON
 * descriptor that protobufjs/light loads: the bundle then needs no .proto
 * file and no parser at run time. Run `npm run generate:proto` after an edit.
 */

const MESOS_DIR = fileURLToPath(new URL('../src/mesos/', import.meta.url));
export const DESCRIPTOR_MODULE = `${MESOS_DIR}mesosDescriptor.ts`;

export function renderDescriptorModule(): string {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => `${MESOS_DIR}${target.replace(/^.*\//, '')}`;
  root.loadSync('executor.proto', { keepCase: true });
  root.resolveAll();
  const descriptor = JSON.stringify(root.toJSON(), null, 2);
  return [
    '// Generated from executor.proto and mesos.proto by scripts/mesosDescriptor.ts; do not edit.',
    '',
    `export const MESOS_DESCRIPTOR: Record<string, unknown> = ${descriptor};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DESCRIPTOR_MODULE, renderDescriptorModule());
  process.stdout.write(`wrote ${DESCRIPTOR_MODULE}\n`);
}
