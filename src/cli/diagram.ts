import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DIAGRAM_FORMATS, lifecycleDiagrams, type DiagramFormat } from '../diagrams/lifecycleDiagrams.js';

export const DIAGRAM_USAGE = `  compose-executor diagram               draw the pod, service and executor lifecycles into diagrams/ (Mermaid, DOT and SVG)
      --format mermaid|dot|svg           only this format (may be repeated)
      --out DIR                          write into DIR instead
`;

/** `compose-executor diagram`: 0 when written, 2 on a usage error. */
export async function diagram(args: string[], out: (text: string) => void = (text) => process.stdout.write(text), err: (text: string) => void = (text) => process.stderr.write(text)): Promise<number> {
  let formats: DiagramFormat[];
  let dir: string;
  try {
    const { values } = parseArgs({ args, options: { format: { type: 'string', multiple: true }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(`usage:\n${DIAGRAM_USAGE}`);
      return 0;
    }
    formats = (values.format ?? [...DIAGRAM_FORMATS]).map((format) => {
      if (!(DIAGRAM_FORMATS as readonly string[]).includes(format)) throw new Error(`--format: expected one of ${DIAGRAM_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
      return format as DiagramFormat;
    });
    dir = values.out ?? 'diagrams';
  } catch (error) {
    err(`compose-executor diagram: ${(error as Error).message}\nusage:\n${DIAGRAM_USAGE}`);
    return 2;
  }
  await mkdir(dir, { recursive: true });
  for (const { file, text } of await lifecycleDiagrams(formats)) {
    await writeFile(path.join(dir, file), text);
    out(`wrote ${path.join(dir, file)}\n`);
  }
  return 0;
}
