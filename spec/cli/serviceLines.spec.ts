import { expect } from 'chai';
import { ServiceLines, splitPrefixed } from '../../src/cli/serviceLines.js';

describe("up's service lines", () => {
  it("reads a hook's line from the sandbox's stdout and prints it as Compose does", () => {
    const read = splitPrefixed('web-1 ->    | post_start: primed 42');
    expect(read).to.deep.equal({ service: 'web', text: 'primed 42', hook: 'post_start' });
    const lines = new ServiceLines({ color: false, prefix: true });
    lines.setServices(['web', 'database']);
    expect(lines.formatHook(read!.service, read!.text)).to.equal('web-1 ->   | primed 42\n');
    expect(lines.format('web', 'serving')).to.equal('web-1      | serving\n');
  });

  it("leaves a service's own line that merely looks like a hook's as the service's", () => {
    expect(splitPrefixed('web-1  | post_start: not a hook')).to.deep.equal({ service: 'web', text: 'post_start: not a hook' });
  });
});
