/**
 * Property-based fuzzing of the whole conversion (issue 13), part 1: real Codex rollouts
 * (fixtures/oracle) damaged byte by byte: cut short at every kind of boundary, bytes
 * flipped, garbage and NUL bytes, invalid UTF-8. See harness.ts for the properties,
 * FUZZ_SEED and FUZZ_RUNS.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FUZZ_TIMEOUT, fuzzParameters, ORACLE_ROLLOUTS, printTallies, readRollout, removeScratch, runCase, runs, validateWith } from './harness.js';
import { flipBytes, insertGarbage, insertInvalidUtf8, truncate, TRUNCATION_BOUNDARIES } from './mutations.js';

afterAll(() => {
  printTallies('byte damage');
  removeScratch();
});

const file = fc.nat({ max: ORACLE_ROLLOUTS.length - 1 });
const n = fc.nat();

describe('fuzz: byte damage never crashes a run or touches another file', () => {
  it(
    'cut short at a line end, mid-line, mid-string, mid-escape, mid-UTF-8 sequence',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, fc.constantFrom(...TRUNCATION_BOUNDARIES), n, n, async (index, boundary, at, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          await runCase({ kind: `truncate ${boundary}`, source, mutation: truncate(readRollout(source), boundary, at), pick, validateWith: validateWith(pick) });
        }),
        fuzzParameters('truncate', runs(250)),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'bytes flipped in one line',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, fc.array(n, { minLength: 1, maxLength: 3 }), fc.array(n, { minLength: 1, maxLength: 3 }), n, async (index, line, positions, masks, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          await runCase({ kind: 'byte flip', source, mutation: flipBytes(readRollout(source), line, positions, masks), pick, validateWith: validateWith(pick) });
        }),
        fuzzParameters('byte-flip', runs(250)),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'garbage and NUL bytes in a line, over it, or as a line of their own',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, n, n, fc.constantFrom('insert', 'overwrite', 'new-line') as fc.Arbitrary<'insert' | 'overwrite' | 'new-line'>, fc.array(fc.nat({ max: 255 }), { maxLength: 40 }), n, async (index, line, offset, piece, mode, random, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          await runCase({ kind: `garbage ${mode}`, source, mutation: insertGarbage(readRollout(source), line, offset, piece, mode, random), pick, validateWith: validateWith(pick) });
        }),
        fuzzParameters('garbage', runs(250)),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'invalid UTF-8 in a line',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, n, n, n, async (index, line, offset, sequence, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          await runCase({
            kind: 'invalid utf-8',
            source,
            mutation: insertInvalidUtf8(readRollout(source), line, offset, sequence),
            pick,
            validateWith: validateWith(pick),
          });
        }),
        fuzzParameters('invalid-utf8', runs(120)),
      );
    },
    FUZZ_TIMEOUT,
  );
});
