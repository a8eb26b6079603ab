import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY, imageRegistry, type OperatorPolicy } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';

const errors = (lines: string[], policy?: OperatorPolicy): string[] => {
  const model = loadCompose([{ name: 'docker-compose.yml', text: ['services:', '  web:', ...lines.map((line) => `    ${line}`)].join('\n') }], {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const plan = planPod(model.right, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox: '/sandbox', ...(policy ? { policy } : {}) });
  return E.isLeft(plan) ? plan.left.map(formatComposeError) : [];
};

const f = 'docker-compose.yml: services.web.';

describe("the operator's policy", () => {
  const cases: Array<[string, string[], OperatorPolicy | undefined, string[]]> = [
    ['denies privileged by default', ['image: x', 'privileged: true'], undefined, [`${f}privileged: a privileged container is denied by the executor's policy (policy.privileged)`]],
    ['denies the host network by default', ['image: x', 'network_mode: host'], undefined, [`${f}network_mode: the host's network is denied by the executor's policy (policy.host_network)`]],
    ['denies the host pid namespace by default', ['image: x', 'pid: host'], undefined, [`${f}pid: the host's process namespace is denied by the executor's policy (policy.host_pid)`]],
    ['denies the host ipc namespace by default', ['image: x', 'ipc: host'], undefined, [`${f}ipc: the host's IPC namespace is denied by the executor's policy (policy.host_ipc)`]],
    ['denies bind mounts outside the sandbox by default', ['image: x', 'volumes: ["/etc:/host-etc", "../other:/o", "./ok:/ok", "/sandbox/data:/d"]'], undefined, [`${f}volumes[0]: a bind mount of /etc, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`, `${f}volumes[1]: a bind mount of /other, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`]],
    ['allows what the operator allows', ['image: x', 'privileged: true', 'network_mode: host', 'pid: host', 'ipc: host', 'volumes: ["/etc:/e"]'], { ...DEFAULT_POLICY, privileged: true, hostNetwork: true, hostPid: true, hostIpc: true, bindMountsOutsideSandbox: true }, []],
    ['allows only the capabilities listed', ['image: x', 'cap_add: [NET_ADMIN, CAP_SYS_TIME, SYS_ADMIN]'], { ...DEFAULT_POLICY, capAdd: ['net_admin', 'SYS_TIME'] }, [`${f}cap_add[2]: capability SYS_ADMIN is denied by the executor's policy (policy.cap_add)`]],
    ['denies every capability when told to', ['image: x', 'cap_add: [NET_ADMIN]'], { ...DEFAULT_POLICY, capAdd: false }, [`${f}cap_add[0]: capability NET_ADMIN is denied by the executor's policy (policy.cap_add)`]],
    ['denies devices when told to', ['image: x', 'devices: [/dev/fuse]'], { ...DEFAULT_POLICY, devices: false }, [`${f}devices: access to host devices is denied by the executor's policy (policy.devices)`]],
    ['denies the Engine\'s socket by default', ['image: x', 'use_api_socket: true'], undefined, [`${f}use_api_socket: the Docker Engine's socket, which commands every container on the agent, is denied by the executor's policy (policy.docker_socket)`]],
    ['allows the Engine\'s socket when the operator does', ['image: x', 'use_api_socket: true'], { ...DEFAULT_POLICY, dockerSocket: true }, []],
    ['denies a privileged hook by default, as a privileged service', ['image: x', 'post_start: [{command: "true", privileged: true}]', 'pre_stop: [{command: "true"}, {command: "true", privileged: true}]'], undefined, [
      `${f}post_start[0].privileged: a privileged hook is denied by the executor's policy (policy.privileged)`,
      `${f}pre_stop[1].privileged: a privileged hook is denied by the executor's policy (policy.privileged)`,
    ]],
    ['allows a privileged hook when the operator allows privileged', ['image: x', 'post_start: [{command: "true", privileged: true}]'], { ...DEFAULT_POLICY, privileged: true }, []],
    ['allows images only from the listed registries', ['image: nginx'], { ...DEFAULT_POLICY, registries: ['registry.local:5000'] }, [`${f}image: registry docker.io is not allowed by the executor's policy (policy.registries: registry.local:5000)`]],
  ];
  for (const [what, lines, policy, expected] of cases) {
    it(what, () => {
      expect(errors(lines, policy)).to.deep.equal(expected);
    });
  }

  it('binds the Engine\'s socket where Compose binds it, once allowed', () => {
    const model = loadCompose([{ name: 'docker-compose.yml', text: 'services:\n  web:\n    image: x\n    use_api_socket: true\n' }], {});
    if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
    const plan = planPod(model.right, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox: '/sandbox', policy: { ...DEFAULT_POLICY, dockerSocket: true } });
    if (E.isLeft(plan)) return expect.fail(plan.left.map(formatComposeError).join('\n'));
    expect(plan.right.services[0]?.mounts).to.deep.equal([{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }]);
  });

  it('reads the registry of an image as Docker does', () => {
    const cases: Array<[string, string]> = [['nginx', 'docker.io'], ['library/nginx:1', 'docker.io'], ['registry.local:5000/shop/web', 'registry.local:5000'], ['localhost/x', 'localhost'], ['ghcr.io/o/i@sha256:ab', 'ghcr.io'], ['team/app', 'docker.io']];
    for (const [image, registry] of cases) expect(imageRegistry(image), image).to.equal(registry);
  });
});

describe('joining a container outside the pod', () => {
  it('is denied by default, and planned as that container when the operator allows it', () => {
    const loaded = loadCompose([{ name: 'docker-compose.yml', text: 'services:\n  probe:\n    image: x\n    network_mode: container:legacy-db\n' }], {});
    if (loaded._tag === 'Left') throw new Error(JSON.stringify(loaded.left));
    const task = { taskId: 't1', executorId: 'e1', labels: {}, ports: [[31000, 31009]] as Array<[number, number]> };
    const denied = planPod(loaded.right, task, { fileName: 'docker-compose.yml', sandbox: '/sandbox' });
    expect(denied._tag === 'Left' && denied.left.map((error) => `${error.path}: ${error.message}`)).to.deep.equal([
      "services.probe.network_mode: the network of a container outside the pod is denied by the executor's policy (policy.external_containers)",
    ]);
    const allowed = planPod(loaded.right, task, { fileName: 'docker-compose.yml', sandbox: '/sandbox', policy: { ...DEFAULT_POLICY, externalContainers: true } });
    expect(allowed._tag === 'Right' && allowed.right.services[0]!.network).to.deep.equal({ kind: 'container', container: 'legacy-db' });
  });
});
