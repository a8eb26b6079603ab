import { expect } from 'chai';
import { interpolateText } from '../../src/compose/interpolate.js';
import { splitShellWords } from '../../src/compose/shellWords.js';

describe('scanning compose text in runs', () => {
  describe('command words', () => {
    const words = (text: string) => splitShellWords(text);
    it('keeps a backslash inside double quotes that escapes nothing, and drops one that does', () => {
      expect(words('"a\\b" "c\\"d" "e\\\\f" "g\\$h"')).to.deep.equal({ _tag: 'Right', right: ['a\\b', 'c"d', 'e\\f', 'g$h'] });
    });
    it('joins quoted and bare parts of one word and keeps single quotes literal', () => {
      expect(words(`pre'mid dle'"post "x \t y  'a\\b'`)).to.deep.equal({ _tag: 'Right', right: ['premid dlepost x', 'y', 'a\\b'] });
    });
    it('keeps an empty quoted word', () => {
      expect(words(`a '' ""`)).to.deep.equal({ _tag: 'Right', right: ['a', '', ''] });
    });
    it('refuses an unclosed quote of either kind and a trailing backslash', () => {
      expect(words(`a 'b`)).to.deep.equal({ _tag: 'Left', left: 'has an unclosed single quote' });
      expect(words('a "b')).to.deep.equal({ _tag: 'Left', left: 'has an unclosed double quote' });
      expect(words('a\\')).to.deep.equal({ _tag: 'Left', left: 'ends with a lone backslash' });
    });
  });

  describe('variables', () => {
    const env = { A: 'x', EMPTY: '' };
    it('replaces variables between plain runs, at either end and side by side', () => {
      expect(interpolateText('$A-${A}mid$A$A', env)).to.deep.equal({ _tag: 'Right', right: 'x-xmidxx' });
      expect(interpolateText('$$A $$$A ${EMPTY:-d}$', env)).to.have.property('_tag', 'Left');
      expect(interpolateText('$$A $$$A ${EMPTY:-d}', env)).to.deep.equal({ _tag: 'Right', right: '$A $x d' });
    });
    it('reads a name only as far as it goes', () => {
      expect(interpolateText('$A.b $Ab', env)).to.deep.equal({ _tag: 'Right', right: 'x.b ' });
    });
  });
});
