import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import Dockerode from 'dockerode';
import { DockerInputs } from '../../src/streams/dockerInputs.js';

describe("Docker's inputs", function () {
  this.timeout(20_000);

  it("are ready as soon as the engine's event stream opens, without waiting out the patience", async () => {
    const inputs = new DockerInputs();
    let late = false;
    const started = Date.now();
    await inputs.open(new Dockerode(), 'spec-executor', 10_000, () => (late = true));
    expect(late).to.equal(false);
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('are ready anyway after the patience when no engine answers, saying so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docker-inputs-'));
    try {
      const inputs = new DockerInputs();
      let late = false;
      await inputs.open(new Dockerode({ socketPath: path.join(dir, 'no-docker.sock') }), 'spec-executor', 300, () => (late = true));
      expect(late).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
