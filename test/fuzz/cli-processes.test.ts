/**
 * Fuzzing the real CLI process (issue 13): the built bundle run over a directory of
 * damaged rollouts (every kind of damage of mutations.ts at once, compressed ones too)
 * beside untouched ones, with drawn options (format, --jobs 1 or 2 on worker threads,
 * --stdout, --strict, --quiet, --json). The process exits 0, 1 or 2, never prints a
 * stack trace, writes only `warning:`/`error:` lines and the summary on stderr, and its
 * output directory passes `validate`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { CLI, ensureBuiltCli } from '../cli/built-cli.js';
import { createTempDir } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { count, fuzzParameters, ORACLE_ROLLOUTS, printTallies, readRollout, runs } from './harness.js';
import { deepNesting, flipBytes, gzip, insertGarbage, insertInvalidUtf8, truncate, wrongType, zstdStored, damageCompressed } from './mutations.js';

const exec = promisify(execFile);
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  await ensureBuiltCli();
  dir = await createTempDir('fuzz-cli');
}, 180_000);

afterAll(async () => {
  printTallies('cli processes');
  await dir?.remove();
});

/** The summary lines `convert` prints (on stderr with --stdout). */
const STDERR_LINE = /^(warning: .+|error: .+|converted \d+ sessions? from \d+ files? .*| {2}steps: .*| {2}issues: .*| {2}not converted: .*)$/;

describe('fuzz: the CLI process over damaged inputs', () => {
  it(
    'exits 0, 1 or 2, one line per message, no stack trace; its output validates',
    async () => {
      let caseNumber = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat({ max: ORACLE_ROLLOUTS.length - 1 }), fc.nat({ max: 7 }), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
          fc.constantFrom('jsonl', 'json', 'arrow', 'thread-events'),
          fc.constantFrom('1', '2'),
          fc.record({ stdout: fc.boolean(), strict: fc.boolean(), quiet: fc.boolean(), json: fc.boolean() }),
          async (damages, format, jobs, flags) => {
            const inputs = path.join(dir.path, `case-${caseNumber}`, 'in');
            const out = path.join(dir.path, `case-${caseNumber++}`, 'out');
            mkdirSync(inputs, { recursive: true });
            damages.forEach(([index, how, a, b, c], k) => {
              const source = ORACLE_ROLLOUTS[index]!;
              const bytes = readRollout(source);
              const name = path.basename(source).replace(/\.jsonl$/, `-${k}.jsonl`);
              const damaged = [
                () => truncate(bytes, 'mid-line', a).bytes,
                () => flipBytes(bytes, a, [b], [c]).bytes,
                () => insertGarbage(bytes, a, b, c, 'insert', [a, b, c]).bytes,
                () => insertInvalidUtf8(bytes, a, b, c).bytes,
                () => wrongType(bytes, a, b, c)?.bytes ?? bytes,
                () => deepNesting(bytes, a, b, 10_000, c % 2 === 0, false)?.bytes ?? bytes,
                () => damageCompressed(gzip(bytes), 'truncated', a, b),
                () => damageCompressed(zstdStored(bytes), 'byte-flip', a, b),
              ][how]!();
              const suffix = how === 6 ? '.gz' : how === 7 ? '.zst' : '';
              writeFileSync(path.join(inputs, name + suffix), damaged);
            });
            const untouched = ORACLE_ROLLOUTS[(damages[0]![2] * 13) % ORACLE_ROLLOUTS.length]!;
            writeFileSync(path.join(inputs, path.basename(untouched)), readRollout(untouched));
            const argv = [CLI, 'convert', inputs, '--format', format, '--jobs', jobs, '--out', out];
            if (flags.stdout && format !== 'json' && format !== 'arrow') argv.push('--stdout');
            if (flags.strict) argv.push('--strict');
            if (flags.quiet) argv.push('--quiet');
            if (flags.json) argv.push('--json');
            const result = await exec(process.execPath, argv, { cwd: REPO_ROOT, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }).then(
              ({ stderr }) => ({ code: 0, stderr }),
              (error: { code?: unknown; stderr?: string; killed?: boolean }) => ({ code: error.code, stderr: error.stderr ?? '' }),
            );
            const context = `${argv.slice(2).join(' ')}: ${result.stderr.slice(0, 2000)}`;
            expect([0, 1, 2], context).toContain(result.code);
            expect(result.stderr, context).not.toMatch(/\n\s+at |internal error/);
            const stderrLines = result.stderr.split('\n').filter((line) => line !== '');
            // With --stdout --json the report (pretty JSON) goes to stderr too.
            if (!(flags.json && argv.includes('--stdout'))) for (const line of stderrLines) expect(line, context).toMatch(STDERR_LINE);
            let validated = false;
            if (!argv.includes('--stdout') && result.code !== 2) {
              const violations: string[] = [];
              await validatePaths([out], { onViolation: (violation) => violations.push(JSON.stringify(violation)) });
              expect(violations, context).toEqual([]);
              validated = true;
            }
            count(`cli ${format}${argv.includes('--stdout') ? ' --stdout' : ''} --jobs ${jobs}`, { issues: stderrLines.length, converted: result.code === 0, validated });
          },
        ),
        fuzzParameters('cli', runs(12)),
      );
    },
    600_000,
  );
});
