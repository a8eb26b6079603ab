import * as E from 'fp-ts/lib/Either.js';

/**
 * Splits a command string the way Compose does (go-shellwords): blanks
 * separate words, single quotes keep text literally, double quotes keep
 * blanks but honour backslash escapes, a backslash outside quotes escapes
 * the next character. No expansion: variables were interpolated already.
 */
export const splitShellWords = (text: string): E.Either<string, string[]> => {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return E.left('ends with a lone backslash');
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) return E.left(`has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (inWord) words.push(word);
  return E.right(words);
};
