/**
 * POSIX shell quoting exactly as the Rust `shlex` crate (1.3) does it. `codex exec --json`
 * prints a command as `shlex::try_join(argv)`, falling back to `argv.join(" ")` when a word
 * holds a NUL byte, so byte-for-byte parity of `command_execution.command` needs the same
 * algorithm: each word is cut into chunks, and every chunk is emitted unquoted, in single
 * quotes or in double quotes, whichever is the first that can hold the whole chunk.
 *
 * `["bash","-lc","echo hi"]` -> `bash -lc 'echo hi'`;
 * `["bash","-lc","echo 'x' >&2"]` -> `bash -lc "echo 'x' >&2"`.
 */

const UNQUOTED_OK = 1;
const SINGLE_QUOTED_OK = 2;
const DOUBLE_QUOTED_OK = 4;

/** ASCII characters shlex leaves bare: `+ - . / : @ ] _`, digits and letters. */
const UNQUOTED_CHARS = /^[+\-./:@\]_0-9A-Za-z]$/;

function quotingOptions(code: number): number {
  // Non-ASCII text always gets quotes (shlex worries about U+00A0 and 8-bit locales). It works
  // on UTF-8 bytes; every UTF-16 unit >= 0x80 belongs to a multi-byte sequence and is treated
  // the same way, so scanning UTF-16 units gives the same chunks.
  if (code >= 0x80) return SINGLE_QUOTED_OK | DOUBLE_QUOTED_OK;
  const ch = String.fromCharCode(code);
  let ok = 0;
  if (UNQUOTED_CHARS.test(ch)) ok |= UNQUOTED_OK;
  // Fish treats `\` as an escape inside single quotes; `^` only works right after the opening quote.
  if (ch !== "'" && ch !== '^' && ch !== '\\') ok |= SINGLE_QUOTED_OK;
  // Python's shlex keeps the backslash of "\$" and "\`"; `!` and `^` are interactive-shell specials.
  if (ch !== '$' && ch !== '`' && ch !== '!' && ch !== '^') ok |= DOUBLE_QUOTED_OK;
  return ok;
}

/** The longest prefix one strategy can hold, and the best strategy for it. */
function takeChunk(word: string, start: number): { end: number; strategy: number } {
  let allowed = UNQUOTED_OK | SINGLE_QUOTED_OK | DOUBLE_QUOTED_OK;
  let i = start;
  if (word[start] === '^') {
    // A leading `^` is only safe right after an opening single quote.
    allowed = SINGLE_QUOTED_OK;
    i += 1;
  }
  for (; i < word.length; i += 1) {
    const next = allowed & quotingOptions(word.charCodeAt(i));
    if (next === 0) break;
    allowed = next;
  }
  const strategy = allowed & UNQUOTED_OK ? UNQUOTED_OK : allowed & SINGLE_QUOTED_OK ? SINGLE_QUOTED_OK : DOUBLE_QUOTED_OK;
  return { end: i, strategy };
}

function wrapChunk(chunk: string, strategy: number): string {
  if (strategy === UNQUOTED_OK) return chunk;
  if (strategy === SINGLE_QUOTED_OK) return `'${chunk}'`;
  return `"${chunk.replace(/["\\$`]/g, '\\$&')}"`;
}

/** One word quoted for a POSIX shell, or null when it holds a NUL (shlex refuses those). */
export function quoteShellWord(word: string): string | null {
  if (word === '') return "''";
  if (word.includes('\0')) return null;
  let out = '';
  for (let start = 0; start < word.length; ) {
    const { end, strategy } = takeChunk(word, start);
    out += wrapChunk(word.slice(start, end), strategy);
    start = end;
  }
  return out;
}

/** `shlex::try_join`: the words quoted and joined by single spaces, or null if any holds a NUL. */
export function joinShellWords(words: readonly string[]): string | null {
  const quoted: string[] = [];
  for (const word of words) {
    const q = quoteShellWord(word);
    if (q === null) return null;
    quoted.push(q);
  }
  return quoted.join(' ');
}

/** The `command` string exec prints for an argv: shlex-joined, or space-joined as its fallback. */
export function formatExecCommand(argv: readonly string[]): string {
  return joinShellWords(argv) ?? argv.join(' ');
}
