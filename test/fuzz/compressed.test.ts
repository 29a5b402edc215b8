/**
 * Fuzzing of compressed rollouts (issue 13): `.jsonl.gz` and `.jsonl.zst` copies of real
 * Codex rollouts, intact or damaged (cut short, bytes flipped, garbage after the stream,
 * a broken header, a run of zeros), converted with two untouched files. Besides the
 * properties of harness.ts: gzip carries a CRC, so a damaged .gz either converts to
 * exactly the clean record or is reported; an intact copy of either kind converts to
 * exactly the clean record. The zstd copies are made of stored blocks (zstdStored), plus
 * the real `zstd -19` file of fixtures/read for compressed blocks.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunOf, fuzzParameters, ORACLE_ROLLOUTS, printTallies, readRollout, removeScratch, runCase, runs } from './harness.js';
import { COMPRESSED_DAMAGE, damageCompressed, gzip, zstdStored } from './mutations.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../trajectory/convert-records.js';

afterAll(() => {
  printTallies('compressed');
  removeScratch();
});

/** The real zstd file (compressed blocks, `zstd -19`) and its plain twin. */
const REAL_ZSTD = 'fixtures/read/0.100.0-message/rollout-2026-11-21T06-24-00-01a1fcc6-a84a-7ba2-979e-338ba01cc2d6.jsonl';

/** The record with its source path set aside, to compare a copy's record with the original's. */
function withoutSource(line: string): string {
  return JSON.stringify({ ...(JSON.parse(line) as object), source_path: null });
}

const TIMEOUT = 300_000;

describe('fuzz: compressed rollouts, intact or damaged', () => {
  it(
    '.jsonl.gz and .jsonl.zst (stored blocks) of every oracle rollout',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: ORACLE_ROLLOUTS.length - 1 }),
          fc.constantFrom('gzip', 'zstd') as fc.Arbitrary<'gzip' | 'zstd'>,
          fc.constantFrom(...COMPRESSED_DAMAGE),
          fc.nat(),
          fc.nat(),
          fc.nat(),
          async (index, kind, damage, a, b, pick) => {
            const source = ORACLE_ROLLOUTS[index]!;
            const plain = readRollout(source);
            const compressed = kind === 'gzip' ? gzip(plain) : zstdStored(plain, 1024 + (a % 65_536));
            const bytes = damageCompressed(compressed, damage, a, b);
            const clean = await cleanRunOf(source);
            await runCase({
              kind: `${kind} ${damage}`,
              source,
              name: `${path.basename(source)}.${kind === 'gzip' ? 'gz' : 'zst'}`,
              mutation: { bytes, damagedLines: [], note: `${damage} (${a}, ${b})` },
              pick,
              validateWith: pick % 8 === 0 ? pick : undefined,
              check: (issues, record) => {
                if (damage === 'intact' || (kind === 'gzip' && issues.length === 0)) {
                  expect(issues, `${kind} ${damage}`).toEqual([]);
                  expect(record && withoutSource(record), `${kind} ${damage}`).toBe(withoutSource(clean.line));
                }
              },
            });
          },
        ),
        fuzzParameters('compressed', runs(200)),
      );
    },
    TIMEOUT,
  );

  it(
    'the real zstd -19 file (compressed blocks, checksum) damaged',
    async () => {
      const real = readFileSync(path.join(REPO_ROOT, `${REAL_ZSTD}.zst`));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...COMPRESSED_DAMAGE), fc.nat(), fc.nat(), fc.nat(), async (damage, a, b, pick) => {
          await runCase({
            kind: `zstd -19 ${damage}`,
            source: REAL_ZSTD,
            name: `${path.basename(REAL_ZSTD)}.zst`,
            mutation: { bytes: damageCompressed(real, damage, a, b), damagedLines: [], note: `${damage} (${a}, ${b})` },
            pick,
            validateWith: pick % 8 === 0 ? pick : undefined,
          });
        }),
        fuzzParameters('real-zstd', runs(50)),
      );
    },
    TIMEOUT,
  );
});
