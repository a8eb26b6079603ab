import { expect } from 'chai';
import fc from 'fast-check';
import { encodeRecord, RecordIoError, RecordIoReader } from '../../src/mesos/recordio.js';

describe('RecordIO reader', () => {
  it('decodes records however the stream is split into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (messages, cuts) => {
        const stream = Buffer.concat(messages.map((message) => encodeRecord(message)));
        const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
        const reader = new RecordIoReader();
        const decoded: string[] = [];
        let start = 0;
        for (const point of [...points, stream.length]) {
          decoded.push(...reader.push(stream.subarray(start, point)).map((record) => record.toString('utf8')));
          start = point;
        }
        expect(decoded).to.deep.equal(messages);
        expect(reader.atBoundary).to.equal(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('refuses a length prefix that is not a decimal number', () => {
    expect(() => new RecordIoReader().push(Buffer.from('12a\n{}'))).to.throw(RecordIoError, 'not a decimal number: "12a"');
  });

  it('refuses a record longer than its limit before buffering it', () => {
    expect(() => new RecordIoReader(1024).push(Buffer.from('999999999\n'))).to.throw(RecordIoError, 'exceeds the limit of 1024 bytes');
  });

  it('refuses a header that never ends', () => {
    expect(() => new RecordIoReader().push(Buffer.from('1'.repeat(64)))).to.throw(RecordIoError, 'without a line feed');
  });

  it('knows a stream that stopped inside a record', () => {
    const reader = new RecordIoReader();
    reader.push(Buffer.from('10\n{"a"'));
    expect(reader.atBoundary).to.equal(false);
  });
});
