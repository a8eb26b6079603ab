import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type * as t from 'io-ts';
import { Command } from '../../src/events/commands.js';
import { Input } from '../../src/events/inputs.js';

const doc = readFileSync(new URL('../../docs/event-log.md', import.meta.url), 'utf8');

/** Each member of a union built with `variant`: its type name and the names of its other fields. */
function members(union: t.UnionType<t.Mixed[]>): Array<{ type: string; fields: string[] }> {
  return union.types.map((member) => {
    const [required, optional] = (member as unknown as t.IntersectionType<[t.InterfaceType<t.Props>, t.PartialType<t.Props>]>).types;
    const type = (required.props.type as t.LiteralC<string>).value;
    return { type, fields: [...Object.keys(required.props), ...Object.keys(optional.props)].filter((name) => name !== 'type') };
  });
}

/** The text under `#### \`type\`` up to the next heading. */
function section(type: string): string | undefined {
  const start = doc.indexOf(`#### \`${type}\`\n`);
  if (start < 0) return undefined;
  const rest = doc.slice(start + type.length + 8);
  const end = rest.search(/^#/m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the event log format document', () => {
  for (const [kind, union] of [['input', Input], ['command', Command]] as const) {
    for (const { type, fields } of members(union)) {
      it(`describes the ${kind} ${type} with each of its fields`, () => {
        const text = section(type);
        expect(text, `docs/event-log.md has no "#### \`${type}\`" section`).to.be.a('string');
        for (const field of fields) expect(text, `${type} does not mention \`${field}\``).to.contain(`\`${field}\``);
      });
    }
  }

  it('names every field of the header and of a record', () => {
    for (const field of ['format', 'version', 'executorVersion', 'startedAt', 'config', 'seq', 'at', 'kind', 'type', 'payload']) {
      expect(doc).to.contain(`| \`${field}\` |`);
    }
  });
});
