import { expect } from 'chai';
import { importCycles, sourceFiles } from './sourceImports.js';

/**
 * A file of `src/` never loads, even through others, a file that loads it:
 * a circle decides the order modules initialise in by accident, and a
 * reader cannot tell which of the two is the lower layer. Type-only imports
 * are erased when the code runs, so they close no circle.
 */
describe('imports between the files of src', () => {
  it('form no circle', () => {
    expect(importCycles(sourceFiles())).to.deep.equal([]);
  });

  it('would see a circle, through a dynamic import too', () => {
    const file = (name: string, imports: string[]) => ({ file: name, text: '', specifiers: [], imports });
    expect(importCycles([file('src/a.ts', ['src/b.ts']), file('src/b.ts', ['src/c.ts']), file('src/c.ts', ['src/a.ts']), file('src/d.ts', ['src/a.ts'])])).to.deep.equal([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
    const main = sourceFiles().find((source) => source.file === 'src/cli/main.ts');
    expect(main?.imports, 'main loads its commands by dynamic import').to.include('src/cli/up.ts');
  });

  it('leaves type-only imports out of the circles', () => {
    const podFacts = sourceFiles().find((source) => source.file === 'src/machines/podFacts.ts');
    expect(podFacts?.specifiers).to.include('../compose/podPlan.js');
    expect(podFacts?.imports).not.to.include('src/compose/podPlan.ts');
  });
});
