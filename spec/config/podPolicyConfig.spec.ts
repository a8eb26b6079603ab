import { expect } from 'chai';
import { configFrom, DEFAULT_CONFIG } from '../../src/config/executorConfig.js';
import { BASELINE_CAPABILITIES, DEFAULT_POLICY } from '../../src/compose/operatorPolicy.js';

const errorsOf = (document: unknown): string[] => {
  const result = configFrom('executor.yml', document);
  return result.ok ? expect.fail('expected errors') : result.errors;
};

describe("the executor config's policy and infra container", () => {
  it('denies host access and runs no infra container when the file says nothing', () => {
    expect(DEFAULT_CONFIG.policy).to.deep.equal(DEFAULT_POLICY);
    const result = configFrom('executor.yml', {});
    expect(result.ok && result.config.infraContainer).to.equal(undefined);
    expect(result.ok && result.config.policy).to.deep.equal({ privileged: false, hostNetwork: false, externalContainers: false, hostPid: false, hostIpc: false, bindMountsOutsideSandbox: false, capAdd: BASELINE_CAPABILITIES, devices: false, securityOpt: false, hostSysctls: false, hostResources: false, hostNamespaces: false, runtimes: [], loggingDrivers: ['json-file', 'local'], volumeDrivers: ['local'], networkDrivers: ['bridge'], build: false, remoteBuildContexts: false, dockerSocket: false, fixedSubnets: false, externalNetworks: false, externalVolumes: false, ipamDrivers: ['default'] });
  });

  it('reads what the operator allows and the infra image with its command', () => {
    const result = configFrom('executor.yml', {
      policy: { privileged: 'allow', host_network: 'allow', cap_add: ['NET_ADMIN'], devices: 'allow', security_opt: 'allow', host_sysctls: 'allow', build: 'allow', remote_build_contexts: 'allow', registries: ['registry.local:5000'] },
      infra_container: { image: 'registry.local:5000/pause:3.9', command: '/pause' },
    });
    if (!result.ok) return expect.fail(result.errors.join('\n'));
    expect(result.config.policy).to.deep.equal({ ...DEFAULT_POLICY, privileged: true, hostNetwork: true, capAdd: ['NET_ADMIN'], devices: true, securityOpt: true, hostSysctls: true, build: true, remoteBuildContexts: true, registries: ['registry.local:5000'] });
    expect(result.config.infraContainer).to.deep.equal({ image: 'registry.local:5000/pause:3.9', command: ['/pause'] });
  });

  const bad: Array<[string, unknown, string[]]> = [
    ['a policy word that is not allow or deny', { policy: { privileged: true } }, ['executor.yml: policy.privileged: expected allow or deny, got true']],
    ['an unknown policy key', { policy: { host_net: 'allow' } }, ['executor.yml: policy.host_net: unknown key']],
    ['a policy that is not a mapping', { policy: 'strict' }, ['executor.yml: policy: expected a policy mapping, got "strict"']],
    ['cap_add of the wrong shape', { policy: { cap_add: 3 } }, ['executor.yml: policy.cap_add: expected allow, deny or a list of capabilities, got 3']],
    ['registries as a string', { policy: { registries: 'docker.io' } }, ['executor.yml: policy.registries: expected a list of registries, got "docker.io"']],
    ['an infra container without an image', { infra_container: { command: ['sleep', 'infinity'] } }, ['executor.yml: infra_container.image: missing: the infra container needs an image']],
    ['an unknown infra container key', { infra_container: { image: 'pause', ports: [] } }, ['executor.yml: infra_container.ports: unknown key']],
  ];
  for (const [what, document, expected] of bad) {
    it(`refuses ${what}`, () => {
      expect(errorsOf(document)).to.deep.equal(expected);
    });
  }
});
