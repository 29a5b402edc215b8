import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatExecCommand, joinShellWords, quoteShellWord } from '../../src/translate/shell-quote.js';

describe('formatExecCommand on real exec output', () => {
  // argv from the rollouts' shell calls, command strings from the same sessions' exec.jsonl.
  const cases: [string[], string][] = [
    [['bash', '-lc', 'echo hi'], "bash -lc 'echo hi'"],
    [['/bin/bash', '-lc', 'seq 1 3000'], "/bin/bash -lc 'seq 1 3000'"],
    [['/bin/bash', '-lc', 'ls -la'], "/bin/bash -lc 'ls -la'"],
    [
      ['/bin/bash', '-lc', "echo 'about to fail' >&2; sh -c 'exit 3'"],
      `/bin/bash -lc "echo 'about to fail' >&2; sh -c 'exit 3'"`,
    ],
    [
      ['bash', '-lc', "printf 'line1\\nline2\\nline3\\n' > update_me.txt && printf 'bye\\n' > delete_me.txt && ls"],
      `bash -lc "printf 'line1\\\\nline2\\\\nline3\\\\n' > update_me.txt && printf 'bye\\\\n' > delete_me.txt && ls"`,
    ],
    [
      ['/bin/bash', '-lc', `printf 'h\\303\\251llo\\nw\\303\\266rld \\342\\234\\223 \\360\\237\\232\\200\\n\\ttabbed "quoted" \\\\ backslash\\n'`],
      `/bin/bash -lc "printf 'h\\\\303\\\\251llo\\\\nw\\\\303\\\\266rld \\\\342\\\\234\\\\223 \\\\360\\\\237\\\\232\\\\200\\\\n\\\\ttabbed \\"quoted\\" \\\\\\\\ backslash\\\\n'"`,
    ],
    [['sh', '-c', 'exit 1'], "sh -c 'exit 1'"],
  ];
  for (const [argv, expected] of cases) {
    it(expected, () => expect(formatExecCommand(argv)).toBe(expected));
  }
});

describe('quoteShellWord (shlex 1.3 rules)', () => {
  it('leaves safe words bare and quotes the empty word', () => {
    expect(quoteShellWord('foo/bar-1.2_x:y@z+]')).toBe('foo/bar-1.2_x:y@z+]');
    expect(quoteShellWord('')).toBe("''");
  });
  it('prefers single quotes, falls back to escaped double quotes', () => {
    expect(quoteShellWord('foo bar')).toBe("'foo bar'");
    expect(quoteShellWord('$HOME')).toBe("'$HOME'");
    expect(quoteShellWord("it's")).toBe(`"it's"`);
    expect(quoteShellWord('back\\slash')).toBe('"back\\\\slash"');
    expect(quoteShellWord('say "hi"')).toBe(`'say "hi"'`);
  });
  it('splits a word into differently quoted chunks when no single style fits', () => {
    // `'` rules out single quotes, `$` rules out double quotes.
    expect(quoteShellWord("it's $5")).toBe(`"it's "'$5'`);
    expect(quoteShellWord("a!b'c")).toBe(`'a!b'"'c"`);
  });
  it('treats ^ specially and quotes every non-ASCII character', () => {
    expect(quoteShellWord('^x')).toBe("'^x'");
    expect(quoteShellWord('a^b')).toBe("a'^b'");
    expect(quoteShellWord('héllo')).toBe("'héllo'");
    expect(quoteShellWord('🚀')).toBe("'🚀'");
  });
  it('refuses NUL, and the command falls back to a plain space join', () => {
    expect(quoteShellWord('a\0b')).toBeNull();
    expect(joinShellWords(['echo', 'a\0b'])).toBeNull();
    expect(formatExecCommand(['echo', 'a b', 'c\0d'])).toBe('echo a b c\0d');
  });
});

describe('joinShellWords round-trips through a POSIX shell', () => {
  const words = [
    'plain',
    'with space',
    "it's",
    '$HOME and `cmd`',
    'a!b',
    '^caret',
    'x^y',
    'back\\slash',
    '"double"',
    "'single'",
    'tab\there\nnewline',
    '{a,b} * ? ~ # = % , ; & | < > ( )',
    'héllo wörld ✓ 🚀',
    "mixed '$x' \"$y\" \\ !",
    '',
  ];
  it('sh -c printf sees exactly the original words', () => {
    const script = `printf '%s\\0' ${joinShellWords(words)}`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(words);
  });
});
