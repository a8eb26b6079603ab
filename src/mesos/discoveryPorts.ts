import * as t from 'io-ts';
import type { DiscoveryPort } from '../compose/hostPorts.js';
import { decodeWith } from '../events/codec.js';

const Port = t.intersection([t.type({ number: t.union([t.number, t.string]) }), t.partial({ name: t.string, protocol: t.string })]);
const Discovery = t.partial({ discovery: t.partial({ ports: t.partial({ ports: t.array(Port) }) }) });

/**
 * The named ports of a TaskInfo (JSON mapping): `discovery.ports.ports`,
 * which Marathon fills from `portDefinitions`. Unnamed ones cannot be asked
 * for by name and are left out; a malformed `discovery` gives none.
 */
export function discoveryPorts(taskInfo: unknown): DiscoveryPort[] {
  const decoded = decodeWith(Discovery, taskInfo);
  if (!decoded.ok) return [];
  return (decoded.value.discovery?.ports?.ports ?? []).flatMap((port) => {
    const number = Number(port.number);
    if (port.name === undefined || port.name === '' || !Number.isInteger(number)) return [];
    return [{ name: port.name, number, ...(port.protocol === undefined ? {} : { protocol: port.protocol.toLowerCase() }) }];
  });
}
