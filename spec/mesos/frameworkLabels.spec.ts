import { expect } from 'chai';
import { frameworkLabel } from '../../src/mesos/frameworkLabels.js';

describe('a task label under a framework prefix', () => {
  it('finds fileName bare, as Marathon passes it, and under Aurora metadata prefix', () => {
    expect(frameworkLabel({ fileName: 'a.yml' }, 'fileName')).to.deep.equal({ ok: true, value: 'a.yml', label: 'fileName' });
    expect(frameworkLabel({ 'org.apache.aurora.tier': 'preferred', 'org.apache.aurora.metadata.fileName': 'pod/a.yml' }, 'fileName')).to.deep.equal({
      ok: true,
      value: 'pod/a.yml',
      label: 'org.apache.aurora.metadata.fileName',
    });
  });

  it('takes a prefix only when a separator ends it, and finds nothing otherwise', () => {
    expect(frameworkLabel({ myfileName: 'a.yml', 'x/fileNames': 'b.yml' }, 'fileName')).to.deep.equal({ ok: true, value: undefined });
    expect(frameworkLabel({ 'org.example/fileName': 'c.yml' }, 'fileName')).to.include({ ok: true, value: 'c.yml' });
  });

  it('refuses two labels that set it to different values, naming both', () => {
    const found = frameworkLabel({ fileName: 'a.yml', 'org.apache.aurora.metadata.fileName': 'b.yml' }, 'fileName');
    expect(found).to.deep.equal({ ok: false, message: 'task labels fileName, org.apache.aurora.metadata.fileName each set fileName, to different values: keep one' });
    expect(frameworkLabel({ fileName: 'a.yml', 'org.apache.aurora.metadata.fileName': 'a.yml' }, 'fileName')).to.include({ ok: true, value: 'a.yml' });
  });
});
