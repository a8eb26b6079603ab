import type { DiagramFile } from './lifecycleDiagrams.js';

/**
 * The README shows each machine's Mermaid diagram between
 * `<!-- diagram:NAME:start -->` and `<!-- diagram:NAME:end -->`; this
 * rewrites those blocks from the generated files. Null when a marker is missing.
 */
export function withReadmeDiagrams(readme: string, files: readonly DiagramFile[], names: readonly string[]): string | null {
  let text = readme;
  for (const name of names) {
    const mermaid = files.find((file) => file.file === `${name}.mmd`);
    const start = `<!-- diagram:${name}:start -->\n`;
    const end = `<!-- diagram:${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end, from);
    if (!mermaid || from < 0 || to < 0) return null;
    text = `${text.slice(0, from + start.length)}\`\`\`mermaid\n${mermaid.text}\`\`\`\n${text.slice(to)}`;
  }
  return text;
}

/** The machines the README draws. */
export const README_DIAGRAMS = ['pod', 'service'] as const;
