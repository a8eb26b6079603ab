import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { replay } from '../../src/cli/replayCommand.js';

/** The text timeline of logs recorded against real Docker (spec/fixtures/logs/), as a person debugging the pod reads it. */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/logs/${name}/events.jsonl`, import.meta.url));

async function timeline(name: string): Promise<string[]> {
  let out = '';
  const code = await replay([fixture(name)], { out: (text) => (out += text), err: () => {} });
  expect(code).to.equal(0);
  return out.split('\n');
}

/** The lines shown under the first input of this type, up to the next input. */
function under(lines: string[], type: string, nth = 0): string[] {
  const starts = lines.flatMap((line, index) => (new RegExp(`^\\s+\\d+\\s+\\S+\\s+\\w+\\s+${type.replace('.', '\\.')} `).test(line) ? [index] : []));
  const start = starts[nth]!;
  expect(start, `${type} #${nth}`).not.to.equal(undefined);
  const end = lines.findIndex((line, index) => index > start && /^\s+\d+\s+\d\d:/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.trim());
}

describe('the replay timeline', () => {
  it("shows each service's phase change where the pod's state stays the same", async () => {
    const lines = await timeline('failed');
    expect(under(lines, 'container.created')).to.include('service db: creating -> starting');
    expect(under(lines, 'container.running')).to.include('service db: starting -> running');
    expect(under(lines, 'container.died')).to.include.members(['service db: running -> exited (code 137)', 'service web: running -> stopping']);
  });

  it('shows a service Docker restarts going down and back up, and its last exit', async () => {
    const lines = await timeline('restart-policy');
    const died = [0, 1, 2].map((nth) => under(lines, 'container.died', nth).filter((line) => line.startsWith('service ')));
    expect(died).to.deep.equal([['service flaky: running -> restarting (code 1)'], ['service flaky: running -> restarting (code 1)'], ['service flaky: running -> exited (code 1)']]);
    expect(under(lines, 'container.running', 1)).to.deep.equal(['service flaky: restarting (code 1) -> running']);
  });

  it("shows a service's health going down and back up", async () => {
    const lines = await timeline('health-flap');
    expect(under(lines, 'container.health', 1)[0]).to.equal('service web: running (healthy) -> running (unhealthy)');
    expect(under(lines, 'container.health', 2)[0]).to.equal('service web: running (unhealthy) -> running (healthy)');
  });

  it('says "state unchanged" only where neither a machine nor a service moved', async () => {
    const lines = await timeline('killed');
    expect(under(lines, 'container.running')[0]).to.match(/^service \w+: starting -> running$/);
    expect(under(lines, 'mesos.acknowledged')[0]).to.equal('state unchanged (executor subscribed.serving)');
  });
});
