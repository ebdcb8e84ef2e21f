/**
 * Control characters (C0, DEL, C1), format characters (bidirectional marks, embeddings,
 * overrides and isolates, zero-width and invisible characters), line and paragraph separators,
 * and lone surrogates. The zero-width joiner and non-joiner stay: emoji and some scripts need them.
 */
const NON_PRINTABLE = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The text with every control and non-printable character written as an escape (`\n`, `\x1B`,
 * `\u202E`), so a log line shows what it holds and stays one line: user-typed text cannot move
 * the cursor, recolour the terminal, forge a second line or reverse what follows.
 */
export function printable(text: string): string {
  return text.replace(NON_PRINTABLE, (character) => {
    const short = SHORT[character];
    if (short !== undefined) return short;
    const code = character.charCodeAt(0);
    const hex = code.toString(16).toUpperCase();
    return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
  });
}
