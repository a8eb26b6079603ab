import { expect } from 'chai';
import { configFrom, DEFAULT_CONFIG } from '../../src/config/executorConfig.js';

describe('the log settings of the executor config', () => {
  it('defaults to executor.log and 5 rotated files of 10 MiB per service stream', () => {
    expect(DEFAULT_CONFIG).to.include({ executorLog: 'executor.log', containerLogMaxBytes: 10 * 1024 * 1024, containerLogFiles: 5 });
  });

  it('takes the file, the size and the count from the config file', () => {
    const result = configFrom('executor.yml', { executor_log: 'own.log', container_log_max_bytes: 2000, container_log_files: 2 });
    expect(result.ok && result.config).to.include({ executorLog: 'own.log', containerLogMaxBytes: 2000, containerLogFiles: 2 });
  });

  it('refuses a size or a count that is not a whole number above zero, naming the key', () => {
    const result = configFrom('executor.yml', { container_log_max_bytes: 0, container_log_files: 1.5 });
    expect(result.ok ? [] : result.errors).to.deep.equal([
      'executor.yml: container_log_max_bytes: expected a whole number of at least 1, got 0',
      'executor.yml: container_log_files: expected a whole number of at least 1, got 1.5',
    ]);
  });
});
