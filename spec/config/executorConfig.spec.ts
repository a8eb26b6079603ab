import { expect } from 'chai';
import { configFrom, DEFAULT_CONFIG } from '../../src/config/executorConfig.js';

describe("the executor's config file", () => {
  it('speaks JSON with a 16 MiB record limit unless told otherwise', () => {
    expect(configFrom('executor.yml', {})).to.deep.equal({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).to.include({ encoding: 'json', maxRecordBytes: 16 * 1024 * 1024 });
  });

  it('takes protobuf and a record limit', () => {
    const read = configFrom('executor.yml', { encoding: 'protobuf', max_record_bytes: 65536 });
    expect(read.ok && read.config).to.include({ encoding: 'protobuf', maxRecordBytes: 65536 });
  });

  it('names the key and the value it refuses', () => {
    expect(configFrom('executor.yml', { encoding: 'xml' })).to.deep.equal({ ok: false, errors: ['executor.yml: encoding: expected "json" | "protobuf", got "xml"'] });
    expect(configFrom('executor.yml', { max_record_bytes: 0 })).to.deep.equal({
      ok: false,
      errors: ['executor.yml: max_record_bytes: expected a whole number of bytes above 0, got 0'],
    });
    const typo = configFrom('executor.yml', { encodings: 'protobuf' });
    expect(!typo.ok && typo.errors[0]).to.match(/^executor\.yml: encodings: unknown key \(known: .*\bencoding\b.*\)$/);
    expect(!typo.ok && typo.errors[0]).to.contain('max_record_bytes');
  });
});
