/**
 * Property-based fuzzing of the whole conversion (issue 13), part 2: real Codex rollouts
 * (fixtures/oracle) damaged in their structure: lines repeated and reordered, fields of
 * the wrong JSON type, deep nesting, lines of several MB. See harness.ts for the
 * properties, FUZZ_SEED and FUZZ_RUNS.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT, fuzzParameters, ORACLE_ROLLOUTS, printTallies, readRollout, removeScratch, runCase, runs, validateWith } from './harness.js';
import { deepNesting, DEEP_DEPTHS, duplicateLine, hugeLine, reorderLines, wrongType } from './mutations.js';

afterAll(() => {
  printTallies('structural damage');
  removeScratch();
});

const file = fc.nat({ max: ORACLE_ROLLOUTS.length - 1 });
const n = fc.nat();

describe('fuzz: structural damage never crashes a run or touches another file', () => {
  it(
    'lines repeated or reordered',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, n, fc.constantFrom('duplicate', 'swap', 'reverse'), n, async (index, a, b, how, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          const bytes = readRollout(source);
          const mutation = how === 'duplicate' ? duplicateLine(bytes, a, b) : reorderLines(bytes, a, b, how === 'reverse');
          await runCase({ kind: how === 'duplicate' ? 'duplicate line' : `reorder (${how})`, source, mutation, pick, validateWith: validateWith(pick) });
        }),
        fuzzParameters('reorder', runs(160)),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a field of the wrong JSON type, anywhere in any line',
    async () => {
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(file, n, n, n, n, async (index, line, pathN, value, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          const mutation = wrongType(readRollout(source), line, pathN, value);
          fc.pre(mutation !== null);
          applied++;
          await runCase({ kind: 'wrong type', source, mutation: mutation!, pick, validateWith: validateWith(pick) });
        }),
        fuzzParameters('wrong-type', runs(450)),
      );
      expect(applied).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'arrays or objects nested up to 100,000 deep, as values or as JSON text in strings',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, n, fc.constantFrom(...DEEP_DEPTHS), fc.boolean(), fc.boolean(), n, async (index, line, pathN, depth, asText, objects, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          const mutation = deepNesting(readRollout(source), line, pathN, depth, asText, objects);
          fc.pre(mutation !== null);
          await runCase({
            kind: `deep nesting (${asText ? 'text' : 'value'})`,
            source,
            mutation: mutation!,
            pick,
            validateWith: validateWith(pick),
            // A line nested deeper than the limit is refused at its line.
            check: (issues) => {
              if (mutation!.lineDepth > 1000) {
                const line = Number(/line (\d+)/.exec(mutation!.note)?.[1]);
                expect(issues.some((issue) => issue.line === line && issue.code === 'invalid_shape'), mutation!.note).toBe(true);
              }
            },
          });
        }),
        fuzzParameters('deep', runs(80)),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a line of several MB: a grown string field, or garbage',
    async () => {
      await fc.assert(
        fc.asyncProperty(file, n, n, fc.constantFrom(2, 5), fc.boolean(), n, async (index, line, pathN, megabytes, garbage, pick) => {
          const source = ORACLE_ROLLOUTS[index]!;
          const mutation = hugeLine(readRollout(source), line, pathN, megabytes, garbage);
          fc.pre(mutation !== null);
          await runCase({ kind: `huge line (${garbage ? 'garbage' : 'string'})`, source, mutation: mutation!, pick, validateWith: pick % 2 === 0 ? pick : undefined });
        }),
        fuzzParameters('huge', runs(6)),
      );
    },
    FUZZ_TIMEOUT,
  );
});
