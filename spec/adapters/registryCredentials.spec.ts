import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegistryCredentials, registryOf } from '../../src/adapters/registryCredentials.js';
import { configFrom } from '../../src/config/executorConfig.js';

describe('registry credentials', () => {
  it('tells the registry an image names, Docker Hub when it names none', () => {
    expect(registryOf('127.0.0.1:5001/team/app:1')).to.equal('127.0.0.1:5001');
    expect(registryOf('registry.example.org/app')).to.equal('registry.example.org');
    expect(registryOf('localhost/app')).to.equal('localhost');
    expect(registryOf('team/app')).to.equal('docker.io');
    expect(registryOf('busybox')).to.equal('docker.io');
  });

  it("prefers the executor config's login, then Docker's config.json", async () => {
    const dockerConfig = await mkdtemp(path.join(tmpdir(), 'docker-config-'));
    const auth = Buffer.from('dora:from-config-json').toString('base64');
    await writeFile(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { 'https://127.0.0.1:5001': { auth }, 'https://index.docker.io/v1/': { auth } } }));
    const credentials = new RegistryCredentials({ 'registry.local:5000': { username: 'op', password: 'from-executor-config' } }, { DOCKER_CONFIG: dockerConfig });

    expect(await credentials.forImage('registry.local:5000/app')).to.deep.include({ auth: { username: 'op', password: 'from-executor-config', serveraddress: 'registry.local:5000' } });
    const fromFile = await credentials.forImage('127.0.0.1:5001/app:1');
    expect(fromFile?.auth).to.deep.equal({ username: 'dora', password: 'from-config-json', serveraddress: '127.0.0.1:5001' });
    expect(fromFile?.source).to.equal(path.join(dockerConfig, 'config.json'));
    expect((await credentials.forImage('library/busybox'))?.auth.serveraddress).to.equal('https://index.docker.io/v1/');
    expect(await credentials.forImage('elsewhere.example:5000/app')).to.equal(undefined);
  });

  it('reads registry_auth from the executor config and never repeats a secret in an error', () => {
    const auth = Buffer.from('robot:s3cret-token').toString('base64');
    const read = configFrom('executor.yml', { registry_auth: { 'a.example': { username: 'u', password: 'p' }, 'b.example': { auth } } });
    expect(read.ok && read.config.registryAuth).to.deep.equal({ 'a.example': { username: 'u', password: 'p' }, 'b.example': { username: 'robot', password: 's3cret-token' } });

    const wrong = configFrom('executor.yml', { registry_auth: { 'a.example': { username: 'u', passwd: 'hunter2' }, 'b.example': { auth: 'hunter2!' } } });
    expect(wrong.ok).to.equal(false);
    const errors = wrong.ok ? [] : wrong.errors;
    expect(errors).to.include('executor.yml: registry_auth.a.example.passwd: unknown key (known: username, password, auth)');
    expect(errors.join('\n')).to.contain('registry_auth.b.example.auth: expected base64 of username:password');
    expect(errors.join('\n')).to.not.contain('hunter2');
  });
});
