import type { PublishedPort } from './podPlan.js';

/** `web-app` -> `WEB_APP`: what a shell accepts in a variable name. */
const variablePart = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** Only non-TCP ports say their protocol, so the common case reads `PORT_WEB_8080`. */
const protocolSuffix = (port: PublishedPort, separator: string): string => (port.protocol === 'tcp' ? '' : `${separator}${port.protocol}`);

/**
 * What every container of the pod is told of the pod's host ports:
 * `PORT_<NAME>` for a named port and `PORT_<SERVICE>_<CONTAINER PORT>`
 * (with `_UDP` or `_SCTP` for those protocols) for every published port.
 */
export const portEnvironment = (ports: readonly PublishedPort[]): Record<string, string> => {
  const environment: Record<string, string> = {};
  for (const port of ports) {
    environment[`PORT_${variablePart(port.service)}_${port.containerPort}${variablePart(protocolSuffix(port, '_'))}`] = String(port.hostPort);
    if (port.name !== undefined) environment[`PORT_${variablePart(port.name)}`] = String(port.hostPort);
  }
  return environment;
};

export const PORT_LABEL_PREFIX = 'compose-executor.port.';

/**
 * The mapping as status update labels: `compose-executor.port.web.8080`
 * (`.../udp` for UDP) and `compose-executor.port.name.http` for a named port,
 * each valued with the host port.
 */
export const portLabels = (ports: readonly PublishedPort[]): Record<string, string> => {
  const labels: Record<string, string> = {};
  for (const port of ports) {
    labels[`${PORT_LABEL_PREFIX}${port.service}.${port.containerPort}${protocolSuffix(port, '/')}`] = String(port.hostPort);
    if (port.name !== undefined) labels[`${PORT_LABEL_PREFIX}name.${port.name}`] = String(port.hostPort);
  }
  return labels;
};

/** The contents of the sandbox's `ports.json`. */
export const portsDocument = (taskId: string, ports: readonly PublishedPort[]): string =>
  `${JSON.stringify({ taskId, ports, environment: portEnvironment(ports) }, null, 2)}\n`;
