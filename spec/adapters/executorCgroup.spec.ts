import { expect } from 'chai';
import { cgroupPlacement, parseProcCgroup } from '../../src/adapters/executorCgroup.js';

const cid = '6f1c2a4e-8d0b-4a57-9b7e-3c1d2e4f5a6b';

/** /proc/self/cgroup of an executor under Mesos's cgroups isolators on a v1 host (systemd's own hierarchy is named). */
const v1Mesos = (root = 'mesos', memory = `/${root}/${cid}`) =>
  [
    '12:pids:/system.slice/mesos-agent.service',
    `11:freezer:/${root}/${cid}`,
    `10:memory:${memory}`,
    `9:cpu,cpuacct:/${root}/${cid}`,
    '8:devices:/system.slice/mesos-agent.service',
    '1:name=systemd:/system.slice/mesos-agent.service',
    '0::/system.slice/mesos-agent.service',
  ].join('\n');

/** The same on a v2 host: the executor sits in `<cid>/leaf`. */
const v2Mesos = `0::/mesos/${cid}/leaf\n`;

describe("the cgroup the pod's containers go under", () => {
  it('reads every hierarchy of /proc/self/cgroup, the v2 one under the empty name', () => {
    const paths = parseProcCgroup(v1Mesos());
    expect(paths.get('cpuacct')).to.equal(`/mesos/${cid}`);
    expect(paths.get('name=systemd')).to.equal('/system.slice/mesos-agent.service');
    expect(paths.get('')).to.equal('/system.slice/mesos-agent.service');
  });

  it("puts them under the executor's Mesos container on cgroups v1 with the cgroupfs driver, silently", () => {
    expect(cgroupPlacement(v1Mesos(), { driver: 'cgroupfs', version: '1' }, cid)).to.deep.equal({ parent: `/mesos/${cid}`, executorCgroup: `/mesos/${cid}` });
  });

  it('recognises a cgroups_root other than mesos by the container id SUBSCRIBED gave', () => {
    expect(cgroupPlacement(v1Mesos('mesos_root'), { driver: 'cgroupfs', version: '1' }, cid).parent).to.equal(`/mesos_root/${cid}`);
    expect(cgroupPlacement(v1Mesos('mesos_root'), { driver: 'cgroupfs', version: '1' }).parent).to.equal(undefined);
  });

  it('without the container id, takes the default cgroups_root only', () => {
    expect(cgroupPlacement(v1Mesos(), { driver: 'cgroupfs', version: '1' }).parent).to.equal(`/mesos/${cid}`);
  });

  it('goes by the freezer cgroup of the Linux launcher when memory is not isolated, and says memory is not counted', () => {
    const placement = cgroupPlacement(v1Mesos('mesos', '/system.slice/mesos-agent.service'), { driver: 'cgroupfs', version: '1' }, cid);
    expect(placement.parent).to.equal(`/mesos/${cid}`);
    expect(placement.notice).to.contain('for memory').and.to.contain('not counted against the task');
  });

  it("puts them beside the executor's leaf on cgroups v2 with the cgroupfs driver, where the container's limits apply", () => {
    expect(cgroupPlacement(v2Mesos, { driver: 'cgroupfs', version: '2' }, cid)).to.deep.equal({ parent: `/mesos/${cid}`, executorCgroup: `/mesos/${cid}` });
  });

  it('refuses a v2 executor cgroup that holds its own process, saying why', () => {
    const placement = cgroupPlacement(`0::/mesos/${cid}\n`, { driver: 'cgroupfs', version: '2' }, cid);
    expect(placement.parent).to.equal(undefined);
    expect(placement.notice).to.contain('holds its own process');
  });

  it('sets no parent under the systemd driver, on v1 or v2, and says the pod is not counted nor killed with the executor', () => {
    for (const [text, version] of [[v1Mesos(), '1'], [v2Mesos, '2']] as const) {
      const placement = cgroupPlacement(text, { driver: 'systemd', version }, cid);
      expect(placement.parent).to.equal(undefined);
      expect(placement.executorCgroup).to.equal(`/mesos/${cid}`);
      expect(placement.notice).to.contain('systemd cgroup driver').and.to.contain('not counted against the task').and.to.contain('compose-executor gc');
    }
  });

  it('sets no parent when Docker did not say its driver', () => {
    const placement = cgroupPlacement(v1Mesos(), {}, cid);
    expect(placement.parent).to.equal(undefined);
    expect(placement.notice).to.contain('did not say which cgroup driver');
  });

  it('says so when the executor is in no Mesos container: posix isolation, the Docker containerizer, a laptop', () => {
    const cases = [
      '0::/system.slice/mesos-agent.service\n',
      '4:memory:/system.slice/mesos-agent.service\n0::/\n',
      `0::/system.slice/docker-${'a'.repeat(64)}.scope\n`,
      `4:memory:/docker/${'a'.repeat(64)}\n`,
      '0::/user.slice/user-1000.slice/session-2.scope\n',
      '',
    ];
    for (const text of cases) {
      for (const docker of [{ driver: 'cgroupfs', version: '1' }, { driver: 'systemd', version: '2' }]) {
        const placement = cgroupPlacement(text, docker, cid);
        expect(placement.parent, text).to.equal(undefined);
        expect(placement.notice, text).to.contain("not in a Mesos container's cgroup");
      }
    }
  });

  it('on a hybrid host follows the hierarchy Docker uses, not the empty v2 one', () => {
    expect(cgroupPlacement(`${v1Mesos()}\n`, { driver: 'cgroupfs', version: '1' }, cid).parent).to.equal(`/mesos/${cid}`);
  });
});
