import { expect } from 'chai';
import { composeError, formatComposeError } from '../../src/compose/composeError.js';

describe('compose error messages', () => {
  it('name the file as the user named it, the key path, and what was wrong', () => {
    const error = composeError('docker-compose.yml', 'services.web.healthcheck.interval', 'expected a duration like 10s or 1m30s, got "ten"');
    expect(formatComposeError(error)).to.equal('docker-compose.yml: services.web.healthcheck.interval: expected a duration like 10s or 1m30s, got "ten"');
  });

  it('leave the path out when the whole file is at fault', () => {
    expect(formatComposeError(composeError('web.yml', '', 'file not found in the sandbox /sandbox'))).to.equal('web.yml: file not found in the sandbox /sandbox');
  });
});
