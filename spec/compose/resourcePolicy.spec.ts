import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../../src/compose/composeError.js';
import { loadCompose } from '../../src/compose/load.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../../src/compose/operatorPolicy.js';
import { planPod } from '../../src/compose/plan.js';

const errors = (text: string, policy: OperatorPolicy = DEFAULT_POLICY): string[] => {
  const model = loadCompose([{ name: 'compose.yaml', text }], {});
  if (E.isLeft(model)) return expect.fail(model.left.map(formatComposeError).join('\n'));
  const plan = planPod(model.right, { taskId: 't', executorId: 'e', labels: {}, ports: [] }, { fileName: 'compose.yaml', sandbox: '/sandbox', policy });
  return E.isLeft(plan) ? plan.left.map(formatComposeError) : [];
};

const subnet = 'services:\n  web:\n    image: x\n    networks: [front]\nnetworks:\n  front:\n    ipam: {config: [{subnet: 172.28.0.0/16}]}\n';
const defaultSubnet = 'services:\n  web:\n    image: x\nnetworks:\n  default:\n    ipam: {driver: infoblox, config: [{subnet: 172.29.0.0/16}]}\n';
const external = 'services:\n  web:\n    image: x\n    networks: [shared]\n    volumes: ["data:/data"]\nnetworks:\n  shared: {external: true, name: corp-net}\nvolumes:\n  data: {external: true}\n';

describe('the operator policy on the networks and volumes of a pod', () => {
  it('refuses a fixed subnet by default, saying that two pods of the file would clash, and names policy.fixed_subnets', () => {
    expect(errors(subnet)).to.deep.equal([
      'compose.yaml: networks.front.ipam.config: a fixed subnet (172.28.0.0/16) is denied by the executor\'s policy (policy.fixed_subnets): two pods of this file on one agent would clash on it ("Pool overlaps with other one"); leave the subnet to Docker',
    ]);
    expect(errors(subnet, { ...DEFAULT_POLICY, fixedSubnets: true })).to.deep.equal([]);
  });

  it('judges the default network, and an IPAM driver besides Docker\'s own by policy.ipam_drivers', () => {
    expect(errors(defaultSubnet)).to.deep.equal([
      'compose.yaml: networks.default.ipam.config: a fixed subnet (172.29.0.0/16) is denied by the executor\'s policy (policy.fixed_subnets): two pods of this file on one agent would clash on it ("Pool overlaps with other one"); leave the subnet to Docker',
      "compose.yaml: networks.default.ipam.driver: IPAM driver infoblox is denied by the executor's policy (policy.ipam_drivers): it hands out addresses from outside the agent",
    ]);
    expect(errors(defaultSubnet, { ...DEFAULT_POLICY, fixedSubnets: true, ipamDrivers: ['infoblox'] })).to.deep.equal([]);
  });

  it('refuses external networks and volumes a service uses by default, naming policy.external_networks and policy.external_volumes', () => {
    expect(errors(external)).to.deep.equal([
      "compose.yaml: networks.shared.external: joining network corp-net, made outside the pod, is denied by the executor's policy (policy.external_networks): its other members, on the agent or off it, reach the pod's containers",
      "compose.yaml: volumes.data.external: mounting volume data, made outside the pod, is denied by the executor's policy (policy.external_volumes): its data outlives the task and is shared with whatever else mounts it",
    ]);
    expect(errors(external, { ...DEFAULT_POLICY, externalNetworks: true, externalVolumes: true })).to.deep.equal([]);
  });

  it('leaves alone what no service uses', () => {
    expect(errors('services:\n  web:\n    image: x\nnetworks:\n  unused: {external: true}\n  spare: {ipam: {config: [{subnet: 10.9.0.0/16}]}}\nvolumes:\n  old: {external: true}\n')).to.deep.equal([]);
  });
});
