import * as E from 'fp-ts/lib/Either.js';

/**
 * Splits a command string the way Compose does (go-shellwords): blanks
 * separate words, single quotes keep text literally, double quotes keep
 * blanks but honour backslash escapes, a backslash outside quotes escapes
 * the next character. No expansion: variables were interpolated already.
 */
export const splitShellWords = (text: string): E.Either<string, string[]> => {
  const words: string[] = [];
  let word: string[] = [];
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === "'") {
      // Everything up to the closing quote is literal: take it in one slice.
      const close = text.indexOf("'", i);
      if (close < 0) return E.left('has an unclosed single quote');
      word.push(text.slice(i, close));
      quote = undefined;
      i = close;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) word.push(text[++i] ?? '');
      else {
        const end = plainInDoubleQuotes(text, i + 1);
        word.push(text.slice(i, end));
        i = end - 1;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return E.left('ends with a lone backslash');
      word.push(text[++i] ?? '');
      inWord = true;
    } else if (blank.test(ch)) {
      if (inWord) words.push(word.join(''));
      word = [];
      inWord = false;
    } else {
      const end = plainOutsideQuotes(text, i + 1);
      word.push(text.slice(i, end));
      i = end - 1;
      inWord = true;
    }
  }
  if (quote !== undefined) return E.left(`has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (inWord) words.push(word.join(''));
  return E.right(words);
};

const blank = /\s/;
const specialInDoubleQuotes = /["\\]/g;
const specialOutsideQuotes = /[\s'"\\]/g;

/** Where a run of characters with no meaning inside double quotes, searched from `from`, ends. */
function plainInDoubleQuotes(text: string, from: number): number {
  specialInDoubleQuotes.lastIndex = from;
  return specialInDoubleQuotes.exec(text)?.index ?? text.length;
}

/** Where a run of characters with no meaning outside quotes, searched from `from`, ends. */
function plainOutsideQuotes(text: string, from: number): number {
  specialOutsideQuotes.lastIndex = from;
  return specialOutsideQuotes.exec(text)?.index ?? text.length;
}
