import { LONG_RUNNING_COMMAND, TEST_IMAGE } from './benchEngine.js';

/**
 * The benchmark pod: `size` long-running services sharing one network
 * namespace, the first service's, which the others join with
 * `network_mode: service:first`.
 */
export function podServiceNames(size: number): string[] {
  return ['first', ...Array.from({ length: size - 1 }, (_, i) => `joined${i + 1}`)];
}

/**
 * `subnet` gives the pod network an address range of its own: Docker's
 * default pools hold only about 30 bridge networks, fewer than the pods
 * the many-pods benchmark runs at once.
 */
export function podComposeFile(size = 5, subnet?: string): string {
  const [first, ...joined] = podServiceNames(size);
  const services: Record<string, Record<string, unknown>> = {
    [first!]: { image: TEST_IMAGE, command: LONG_RUNNING_COMMAND },
  };
  for (const name of joined) services[name] = { image: TEST_IMAGE, network_mode: `service:${first}`, command: LONG_RUNNING_COMMAND };
  const networks = subnet === undefined ? {} : { networks: { default: { ipam: { config: [{ subnet }] } } } };
  return JSON.stringify({ version: '2.4', services, ...networks }, null, 2) + '\n';
}
