import { expect } from 'chai';
import { sourceFiles } from './sourceImports.js';

/** Generated from mesos.proto; nobody reads or edits it by hand. */
const GENERATED = ['src/mesos/mesosDescriptor.ts'];
const MOST_LINES = 300;

describe('the size of the files of src', () => {
  it(`keeps every hand-written file under ${MOST_LINES} lines, so each can be read whole`, () => {
    const long = sourceFiles()
      .filter((source) => !GENERATED.includes(source.file))
      .map((source) => ({ file: source.file, lines: source.text.split('\n').length - (source.text.endsWith('\n') ? 1 : 0) }))
      .filter((source) => source.lines > MOST_LINES)
      .map((source) => `${source.file}: ${source.lines} lines`);
    expect(long).to.deep.equal([]);
  });
});
