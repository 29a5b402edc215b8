/**
 * `--help`: plain text unless stdout is a terminal and NO_COLOR is unset, and never wider
 * than the terminal (80 columns when not a terminal), descriptions wrapped and aligned.
 * citty's renderUsage coloured piped help, ignored NO_COLOR=yes and padded every line to
 * the longest description (170 columns for convert).
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderHelp, wrap } from '../../src/cli/help.js';
import { helpStyle, runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { convertCommand } from '../../src/cli/convert-command.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';

const ESC = '\u001b';
const visible = (line: string) => stripVTControlCharacters(line);

async function help(argv: string[], io: Partial<CliIo>): Promise<string> {
  const stdout = createCollector();
  const code = await runCli(argv, { stdout: stdout.stream, stderr: createCollector().stream, isTTY: false, env: {}, cwd: REPO_ROOT, ...io });
  expect(code).toBe(0);
  return stdout.text();
}

describe('help colour', () => {
  it('is plain text when stdout is not a terminal, whatever the environment', async () => {
    for (const argv of [['--help'], ['convert', '--help'], ['validate', '--help'], ['schema', '--help']]) {
      const text = await help(argv, { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } });
      expect(text).not.toContain(ESC);
      expect(text).toMatch(/^USAGE rollout-kit/m);
    }
  });

  it('is coloured on a terminal, and plain there when NO_COLOR has any non-empty value', async () => {
    expect(await help(['convert', '--help'], { stdoutIsTTY: true, columns: 100 })).toContain(`${ESC}[36m-f, --format <format>${ESC}[39m`);
    for (const value of ['1', 'yes', 'true', '0']) expect(await help(['convert', '--help'], { stdoutIsTTY: true, env: { NO_COLOR: value } })).not.toContain(ESC);
    expect(await help(['convert', '--help'], { stdoutIsTTY: true, env: { NO_COLOR: '' } })).toContain(ESC);
    expect(await help(['convert', '--help'], { stdoutIsTTY: true, env: { TERM: 'dumb' } })).not.toContain(ESC);
  });

  it('helpStyle: 80 columns when not a terminal, the terminal width on one', () => {
    const io = { stdout: process.stdout, stderr: process.stderr, isTTY: false, env: {}, cwd: REPO_ROOT };
    expect(helpStyle({ ...io, stdoutIsTTY: false, columns: 200 })).toEqual({ color: false, width: 80 });
    expect(helpStyle({ ...io, stdoutIsTTY: true, columns: 132 })).toEqual({ color: true, width: 132 });
    expect(helpStyle({ ...io, stdoutIsTTY: true, columns: undefined })).toEqual({ color: true, width: 80 });
  });
});

describe('help width', () => {
  it.each([40, 60, 80, 120])('convert --help fits %i columns, with no trailing spaces', async (width) => {
    for (const color of [false, true]) {
      const text = await renderHelp(convertCommand, undefined, { color, width });
      for (const line of text.split('\n')) {
        expect(visible(line).length, line).toBeLessThanOrEqual(width);
        expect(line, line).not.toMatch(/ $/);
      }
    }
  });

  it('piped help is at most 80 columns wide and keeps every option and its whole description', async () => {
    const text = await help(['convert', '--help'], {});
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    const flat = text.replace(/\s+/g, ' ');
    for (const [name, def] of Object.entries(convertCommand.args ?? {}) as [string, { type: string; description: string }][]) {
      if (def.type !== 'positional') expect(flat).toContain(`--${name}`);
      expect(flat).toContain(def.description);
    }
  });

  it('aligns descriptions in one column and wraps them under themselves', async () => {
    const lines = (await renderHelp(convertCommand, undefined, { color: false, width: 80 })).split('\n');
    const format = lines.findIndex((line) => line.startsWith('  -f, --format <format>'));
    const out = lines.findIndex((line) => line.startsWith('  -o, --out <dir>'));
    const column = lines[out]!.indexOf('Output directory');
    expect(lines[format]!.indexOf('Output format')).toBe(column);
    const continuation = lines.find((line, i) => i > out && /^ +\S/.test(line) && !line.trimStart().startsWith('-') && line.search(/\S/) === column);
    expect(continuation).toBeDefined();
  });
});

describe('help layout', () => {
  it('lines long names up under short aliases only when a command has some', async () => {
    expect(await help(['schema', '--help'], {})).toMatch(/^ {2}--out <dir> {2}Write every schema/m);
    expect(await help(['validate', '--help'], {})).toMatch(/^ {6}--schema <name> {2}Schema for/m);
    expect(await help(['schema', '--help'], {})).toMatch(/^USAGE rollout-kit schema \[OPTIONS\] \[NAME\]$/m);
  });
});

describe('wrap', () => {
  it('breaks at spaces, never inside a word, and counts escape codes as nothing', () => {
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(wrap(`${ESC}[90maa${ESC}[39m bb`, 5)).toEqual([`${ESC}[90maa${ESC}[39m bb`]);
  });
});
