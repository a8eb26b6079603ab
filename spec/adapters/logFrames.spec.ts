import { expect } from 'chai';
import { LogFrameDecoder, MAX_LINE_CHARS, sinceParameter } from '../../src/adapters/logFrames.js';

const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const at = (n: number) => `2024-05-01T10:00:0${n}.000000001Z`;

describe('reading a container log body from Docker', () => {
  it('splits multiplexed frames into stdout and stderr lines, without the timestamps', () => {
    const decoder = new LogFrameDecoder(true);
    const lines = decoder.push(Buffer.concat([frame(1, `${at(1)} hello\n`), frame(2, `${at(2)} oops\n`)]));
    expect(lines).to.deep.equal([
      { stream: 'stdout', text: 'hello' },
      { stream: 'stderr', text: 'oops' },
    ]);
    expect(decoder.lastTimestamp).to.equal(at(2));
  });

  it('joins a frame cut between chunks, and a long line Docker split into several messages', () => {
    const decoder = new LogFrameDecoder(true);
    const body = Buffer.concat([frame(1, `${at(1)} first half `), frame(1, `${at(2)} second half\n`)]);
    const lines = [...decoder.push(body.subarray(0, 5)), ...decoder.push(body.subarray(5, 30)), ...decoder.push(body.subarray(30))];
    expect(lines).to.deep.equal([{ stream: 'stdout', text: 'first half second half' }]);
  });

  it('gives a last line without a newline when the body ends', () => {
    const decoder = new LogFrameDecoder(true);
    expect(decoder.push(frame(1, `${at(1)} no newline`))).to.deep.equal([]);
    expect(decoder.end()).to.deep.equal([{ stream: 'stdout', text: 'no newline' }]);
  });

  it('cuts an endless line, so its memory stays bounded', () => {
    const decoder = new LogFrameDecoder(true);
    const lines = decoder.push(frame(1, `${at(1)} ${'x'.repeat(MAX_LINE_CHARS + 10)}`));
    expect(lines).to.have.length(1);
    expect(lines[0]?.text.length).to.equal(MAX_LINE_CHARS + 10);
  });

  it('reads the raw body of a TTY container as stdout lines, carriage returns dropped', () => {
    const decoder = new LogFrameDecoder(false);
    const lines = [...decoder.push(Buffer.from(`${at(1)} one\r\n${at(2)} tw`)), ...decoder.push(Buffer.from('o\r\n'))];
    expect(lines).to.deep.equal([
      { stream: 'stdout', text: 'one' },
      { stream: 'stdout', text: 'two' },
    ]);
  });

  it('skips what an earlier follow of a restarted container already read', () => {
    const decoder = new LogFrameDecoder(true, at(2));
    const lines = decoder.push(Buffer.concat([frame(1, `${at(1)} old\n`), frame(1, `${at(2)} old too\n`), frame(1, `${at(3)} new\n`)]));
    expect(lines).to.deep.equal([{ stream: 'stdout', text: 'new' }]);
  });

  it("asks Docker for what came after a timestamp in its own 'since' form", () => {
    expect(sinceParameter('2024-05-01T10:00:01.000000001Z')).to.equal('1714557601.000000001');
  });
});
