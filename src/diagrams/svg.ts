import { Graphviz } from '@hpcc-js/wasm-graphviz';

/** Renders DOT to SVG with Graphviz compiled to WebAssembly: no binary, no browser. */
export async function svgOf(dot: string): Promise<string> {
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot, 'svg');
}
