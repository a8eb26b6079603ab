import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';
import { readComposeFiles } from '../../src/compose/readComposeFiles.js';

/**
 * Every way a compose file could reach the agent's host, attacked through
 * the real path a task takes: files read from a sandbox, then planned.
 */

let sandbox: string;

async function planned(yaml: string, policy?: OperatorPolicy): Promise<string[]> {
  writeFileSync(path.join(sandbox, 'docker-compose.yml'), yaml);
  const model = await readComposeFiles(sandbox, undefined, {});
  if (E.isLeft(model)) return model.left.map(formatComposeError);
  const plan = planPod(model.right, { taskId: 't-1', executorId: 'e-1', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox, ...(policy ? { policy } : {}) });
  return E.isLeft(plan) ? plan.left.map(formatComposeError) : [];
}

const web = (...lines: string[]) => ['services:', '  web:', '    image: busybox', ...lines.map((line) => `    ${line}`), ''].join('\n');
const denied = (key: string, what: string, setting: string) => `docker-compose.yml: services.web.${key}: ${what} is denied by the executor's policy (policy.${setting})`;

describe('host access from a compose file, refused by default', () => {
  beforeEach(() => {
    sandbox = mkdtempSync(path.join(tmpdir(), 'sandbox-'));
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  it('refuses a privileged container', async () => {
    expect(await planned(web('privileged: true'))).to.deep.equal([denied('privileged', 'a privileged container', 'privileged')]);
  });

  it("refuses the host's network namespace", async () => {
    expect(await planned(web('network_mode: host'))).to.deep.equal([denied('network_mode', "the host's network", 'host_network')]);
  });

  it("refuses the host's process namespace", async () => {
    expect(await planned(web('pid: host'))).to.deep.equal([denied('pid', "the host's process namespace", 'host_pid')]);
  });

  it("refuses the host's IPC namespace", async () => {
    expect(await planned(web('ipc: host'))).to.deep.equal([denied('ipc', "the host's IPC namespace", 'host_ipc')]);
  });

  it("refuses a bind mount of the host's root, in short and long syntax", async () => {
    expect(await planned(web('volumes: ["/:/host", {type: bind, source: /, target: /host2}]'))).to.deep.equal([
      denied('volumes[0]', 'a bind mount of /, outside the sandbox,', 'bind_mounts_outside_sandbox'),
      denied('volumes[1]', 'a bind mount of /, outside the sandbox,', 'bind_mounts_outside_sandbox'),
    ]);
  });

  it("refuses a bind mount of Docker's socket", async () => {
    expect(await planned(web('volumes: ["/var/run/docker.sock:/var/run/docker.sock"]'))).to.deep.equal([
      denied('volumes[0]', 'a bind mount of /var/run/docker.sock, outside the sandbox,', 'bind_mounts_outside_sandbox'),
    ]);
  });

  it('refuses a relative bind mount that climbs out of the sandbox with ..', async () => {
    const depth = sandbox.split('/').length;
    const climb = `./data/${'../'.repeat(depth + 2)}var/run/docker.sock`;
    expect(await planned(web(`volumes: ["${climb}:/docker.sock"]`))).to.deep.equal([
      denied('volumes[0]', 'a bind mount of /var/run/docker.sock, outside the sandbox,', 'bind_mounts_outside_sandbox'),
    ]);
  });

  it('refuses a bind mount of a symlink in the sandbox that points at the host root', async () => {
    symlinkSync('/', path.join(sandbox, 'data'));
    expect(await planned(web('volumes: ["./data:/data"]'))).to.deep.equal([denied('volumes[0]', 'a bind mount of /, outside the sandbox,', 'bind_mounts_outside_sandbox')]);
  });

  it("refuses a bind mount under a symlinked directory that leads to Docker's socket", async () => {
    mkdirSync(path.join(sandbox, 'conf'));
    symlinkSync('../../../../../../../../var/run', path.join(sandbox, 'conf', 'run'));
    // The message names where the link really leads: /var/run is itself a link to /run on most hosts.
    expect(await planned(web('volumes: ["./conf/run/docker.sock:/docker.sock"]'))).to.deep.equal([
      denied('volumes[0]', `a bind mount of ${realpathSync('/var/run')}/docker.sock, outside the sandbox,`, 'bind_mounts_outside_sandbox'),
    ]);
  });

  it('refuses a named volume that binds a host path through driver_opts', async () => {
    expect(await planned(`${web('volumes: ["root:/host"]')}volumes:\n  root: {driver: local, driver_opts: {type: none, o: bind, device: /}}\n`)).to.deep.equal([
      "docker-compose.yml: volumes.root.driver_opts.device: a volume bound to /, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)",
    ]);
  });

  it('refuses access to host devices', async () => {
    expect(await planned(web('devices: ["/dev/sda:/dev/xvda:rwm"]'))).to.deep.equal([denied('devices', 'access to host devices', 'devices')]);
  });

  it('refuses cap_add SYS_ADMIN however it is spelled, and keeps the harmless defaults', async () => {
    expect(await planned(web('cap_add: [SYS_ADMIN, cap_sys_admin, SYS_PTRACE, NET_BIND_SERVICE, CHOWN]'))).to.deep.equal([
      denied('cap_add[0]', 'capability SYS_ADMIN', 'cap_add'),
      denied('cap_add[1]', 'capability cap_sys_admin', 'cap_add'),
      denied('cap_add[2]', 'capability SYS_PTRACE', 'cap_add'),
    ]);
  });

  it('refuses security options that lift seccomp, AppArmor, SELinux or masked paths', async () => {
    const options = ['seccomp=unconfined', 'seccomp:unconfined', 'apparmor=unconfined', 'apparmor:unconfined', 'label=disable', 'label:type:spc_t', 'systempaths=unconfined', 'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'];
    expect(await planned(web(`security_opt: ${JSON.stringify([...options, 'no-new-privileges:true', 'apparmor=docker-default'])}`))).to.deep.equal(
      options.map((option, i) => denied(`security_opt[${i}]`, `security option ${option}`, 'security_opt')),
    );
  });

  it('refuses sysctls that change the host, and keeps the namespaced ones', async () => {
    expect(await planned(web('sysctls: {kernel.core_pattern: "|/tmp/x", vm.overcommit_memory: "1", net.core.somaxconn: "1024", kernel.shmmax: "1"}'))).to.deep.equal([
      denied('sysctls.kernel.core_pattern', 'sysctl kernel.core_pattern, not namespaced: it would change the host,', 'host_sysctls'),
      denied('sysctls.vm.overcommit_memory', 'sysctl vm.overcommit_memory, not namespaced: it would change the host,', 'host_sysctls'),
    ]);
  });

  it("refuses network and IPC sysctls in the host's namespaces, even when host namespaces are allowed", async () => {
    const yaml = ['services:', '  web:', '    image: busybox', '    network_mode: host', '    ipc: host', '    sysctls: {net.ipv4.ip_forward: "1", kernel.shmmax: "1"}', '  side:', '    image: busybox', '    network_mode: "service:web"', '    sysctls: [net.core.somaxconn=1]', ''].join('\n');
    expect(await planned(yaml, { ...DEFAULT_POLICY, hostNetwork: true, hostIpc: true })).to.deep.equal([
      denied('sysctls.net.ipv4.ip_forward', "sysctl net.ipv4.ip_forward, in the host's network namespace,", 'host_sysctls'),
      denied('sysctls.kernel.shmmax', "sysctl kernel.shmmax, in the host's IPC namespace,", 'host_sysctls'),
      "docker-compose.yml: services.side.sysctls.net.core.somaxconn: sysctl net.core.somaxconn, in the host's network namespace, is denied by the executor's policy (policy.host_sysctls)",
    ]);
  });

  it('refuses an env_file that a symlink in the sandbox leads to a host file', async () => {
    symlinkSync('/etc/hostname', path.join(sandbox, 'app.env'));
    expect(await planned(web('env_file: [app.env]'))).to.deep.equal([`docker-compose.yml: services.web.env_file[0]: app.env: /etc/hostname, outside the sandbox, is denied by the executor's policy (policy.bind_mounts_outside_sandbox)`]);
  });

  it('refuses a compose file that is a symlink out of the sandbox', async () => {
    symlinkSync('/etc/hostname', path.join(sandbox, 'pod.yml'));
    const model = await readComposeFiles(sandbox, 'pod.yml', {});
    expect(E.isLeft(model) && model.left.map(formatComposeError)).to.deep.equal([`pod.yml: outside the sandbox ${sandbox}`]);
  });

  it('allows each of them when the operator allows it', async () => {
    symlinkSync('/', path.join(sandbox, 'data'));
    const everything: OperatorPolicy = { privileged: true, hostNetwork: true, externalContainers: true, hostPid: true, hostIpc: true, bindMountsOutsideSandbox: true, capAdd: true, devices: true, securityOpt: true, hostSysctls: true, hostResources: true, hostNamespaces: true, runtimes: [], loggingDrivers: true, volumeDrivers: true, networkDrivers: true, build: true, remoteBuildContexts: true, dockerSocket: true, fixedSubnets: true, externalNetworks: true, externalVolumes: true, ipamDrivers: true };
    const yaml = web('privileged: true', 'network_mode: host', 'pid: host', 'ipc: host', 'volumes: ["/:/host", "./data:/data", "/var/run/docker.sock:/s"]', 'devices: [/dev/fuse]', 'cap_add: [SYS_ADMIN]', 'security_opt: [seccomp=unconfined]', 'sysctls: {kernel.core_pattern: core}');
    expect(await planned(yaml, everything)).to.deep.equal([]);
  });
});
