/**
 * `--instructions ref` over the oracle corpus: each distinct system instructions text is
 * written once to instructions.jsonl (sorted by its sha256), the records hold the key
 * instead, and putting the texts back gives exactly the inline records. validate checks
 * the file, the card says where the texts are, and the output is smaller.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, ConvertUsageError } from '../../src/convert/convert.js';
import type { Violation } from '../../src/check/violation.js';
import { instructionsKey, type InstructionsLine } from '../../src/trajectory/instructions-schema.js';
import type { TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';

const INPUTS = ['fixtures/oracle', 'fixtures/oracle-extra'];
const discover = { cwd: REPO_ROOT, env: {} };

let root: string;
let inline: TrajectoryRecord[];
let referred: TrajectoryRecord[];
let lines: InstructionsLine[];

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-instructions-'));
  await convert({ inputs: INPUTS, format: 'jsonl', outDir: path.join(root, 'inline'), discover });
  await convert({ inputs: INPUTS, format: 'jsonl', outDir: path.join(root, 'ref'), discover, instructions: 'ref' });
  inline = readJsonl(path.join(root, 'inline', 'trajectories.jsonl'));
  referred = readJsonl(path.join(root, 'ref', 'trajectories.jsonl'));
  lines = readJsonl(path.join(root, 'ref', 'instructions.jsonl'));
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('--instructions ref', () => {
  it('writes each distinct text once, keyed by its sha256, sorted by key', () => {
    const distinct = new Set(inline.flatMap((r) => (r.system_instructions === null ? [] : [r.system_instructions])));
    expect(distinct.size).toBeGreaterThan(5);
    expect(lines.map((l) => l.text).sort()).toEqual([...distinct].sort());
    for (const line of lines) expect(line.sha256).toBe(instructionsKey(line.text));
    expect(lines.map((l) => l.sha256)).toEqual(lines.map((l) => l.sha256).sort());
  });

  it('gives records that are the inline ones once the texts are put back', () => {
    const texts = new Map(lines.map((l) => [l.sha256, l.text]));
    expect(referred.length).toBe(inline.length);
    let referring = 0;
    referred.forEach((record, index) => {
      const { system_instructions_ref: ref, ...rest } = record;
      if (ref === undefined) {
        expect(record).toEqual(inline[index]);
        expect(record.system_instructions).toBeNull();
        return;
      }
      referring += 1;
      expect(record.system_instructions).toBeNull();
      expect({ ...rest, system_instructions: texts.get(ref) }).toEqual(inline[index]);
      // The field sits right after system_instructions.
      const keys = Object.keys(record);
      expect(keys[keys.indexOf('system_instructions') + 1]).toBe('system_instructions_ref');
    });
    expect(referring).toBe(inline.filter((r) => r.system_instructions !== null).length);
  });

  it('lists instructions.jsonl in the manifest, outside the card\'s data files, and validate accepts the directory', async () => {
    const dir = path.join(root, 'ref');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; kind: string; rows: number | null }[] };
    expect(manifest.files.find((f) => f.path === 'instructions.jsonl')).toMatchObject({ kind: 'metadata', rows: lines.length });
    const card = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(card).toContain('    path: trajectories*.jsonl');
    expect(card).toContain('stored once, in `instructions.jsonl`');
    const violations: Violation[] = [];
    expect((await validatePaths([dir], { onViolation: (v) => violations.push(v) })).valid).toBe(true);
    expect(violations).toEqual([]);
  });

  it('makes the output smaller', () => {
    const bytes = (dir: string, names: string[]) => names.reduce((sum, name) => sum + statSync(path.join(root, dir, name)).size, 0);
    const before = bytes('inline', ['trajectories.jsonl']);
    const after = bytes('ref', ['trajectories.jsonl', 'instructions.jsonl']);
    expect(after).toBeLessThan(before * 0.8);
  });

  it('validate finds a text whose key is not its sha256, and unsorted keys', async () => {
    const file = path.join(root, 'instructions.jsonl');
    const [first, second] = lines as [InstructionsLine, InstructionsLine];
    writeFileSync(file, `${JSON.stringify(second)}\n${JSON.stringify({ ...first, text: `${first.text}!` })}\n`);
    const violations: Violation[] = [];
    await validatePaths([file], { onViolation: (v) => violations.push(v) });
    expect(violations).toEqual([
      { file, line: 2, path: '$.sha256', message: 'is not the sha256 of the text' },
      { file, line: 2, path: '$.sha256', message: 'keys are not sorted and unique' },
    ]);
  });

  it('writes Parquet rows with the key column, which validate accepts', async () => {
    const dir = path.join(root, 'parquet');
    await convert({ inputs: ['fixtures/oracle/0.169.0'], format: 'parquet', outDir: dir, discover, instructions: 'ref' });
    const violations: Violation[] = [];
    expect((await validatePaths([dir], { onViolation: (v) => violations.push(v) })).valid).toBe(true);
    expect(violations).toEqual([]);
  });

  it('is refused for formats that do not hold records, and for stdout', async () => {
    await expect(convert({ inputs: INPUTS, format: 'atif', outDir: path.join(root, 'atif'), discover, instructions: 'ref' })).rejects.toThrow(ConvertUsageError);
  });
});
