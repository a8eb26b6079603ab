import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import { hostPath, insideSandbox } from './podVolumes.js';

/** What the operator lets a pod do on the agent; set in the executor's config under `policy`. */
export interface OperatorPolicy {
  readonly privileged: boolean;
  readonly hostNetwork: boolean;
  readonly hostPid: boolean;
  readonly hostIpc: boolean;
  readonly bindMountsOutsideSandbox: boolean;
  /** `true`: any capability; `false`: none; a list: only these. */
  readonly capAdd: boolean | readonly string[];
  readonly devices: boolean;
  /** Registries images may come from (`docker.io` for Docker Hub); absent: any. */
  readonly registries?: readonly string[];
}

/** Whatever could reach the agent's host beyond the pod is denied until the operator allows it. */
export const DEFAULT_POLICY: OperatorPolicy = {
  privileged: false,
  hostNetwork: false,
  hostPid: false,
  hostIpc: false,
  bindMountsOutsideSandbox: false,
  capAdd: true,
  devices: true,
};

/** The registry of an image reference, as Docker reads it: the first part if it looks like a host. */
export const imageRegistry = (image: string): string => {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
};

const capability = (name: string): string => name.toUpperCase().replace(/^CAP_/, '');

/** Every key of every service that the policy denies, each named by service and key. */
export const policyViolations = (model: ComposeModel, policy: OperatorPolicy, sandbox: string, file: string): ComposeError[] => {
  const errors: ComposeError[] = [];
  const denied = (name: string, key: string, what: string, setting: string) =>
    errors.push(composeError(file, `services.${name}.${key}`, `${what} is denied by the executor's policy (policy.${setting})`));
  for (const [name, service] of Object.entries(model.services)) {
    const registry = imageRegistry(service.image);
    if (policy.registries !== undefined && !policy.registries.includes(registry)) {
      errors.push(composeError(file, `services.${name}.image`, `registry ${registry} is not allowed by the executor's policy (policy.registries: ${policy.registries.join(', ')})`));
    }
    if (service.privileged === true && !policy.privileged) denied(name, 'privileged', 'a privileged container', 'privileged');
    if (service.networkMode?.kind === 'host' && !policy.hostNetwork) denied(name, 'network_mode', "the host's network", 'host_network');
    if (service.pid === 'host' && !policy.hostPid) denied(name, 'pid', "the host's process namespace", 'host_pid');
    if (service.ipc === 'host' && !policy.hostIpc) denied(name, 'ipc', "the host's IPC namespace", 'host_ipc');
    (service.capAdd ?? []).forEach((cap, i) => {
      const allowed = policy.capAdd === true || (Array.isArray(policy.capAdd) && policy.capAdd.map(capability).includes(capability(cap)));
      if (!allowed) denied(name, `cap_add[${i}]`, `capability ${cap}`, 'cap_add');
    });
    if ((service.devices ?? []).length > 0 && !policy.devices) denied(name, 'devices', 'access to host devices', 'devices');
    (service.volumes ?? []).forEach((volume, i) => {
      if (volume.type !== 'bind' || policy.bindMountsOutsideSandbox) return;
      const source = hostPath(sandbox, volume.source);
      if (!insideSandbox(sandbox, source)) denied(name, `volumes[${i}]`, `a bind mount of ${source}, outside the sandbox,`, 'bind_mounts_outside_sandbox');
    });
  }
  return errors;
};
