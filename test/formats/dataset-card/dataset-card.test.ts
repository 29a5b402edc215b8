/**
 * The dataset card (README.md) of real conversions of the oracle corpus: the reviewed
 * golden for Parquet, its header's data files against what each format wrote, and the
 * manifest listing it.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, type ConvertOptions } from '../../../src/convert/convert.js';
import { sizeCategory } from '../../../src/formats/dataset-card/dataset-card.js';
import { textBar } from '../../../src/formats/dataset-card/text-bars.js';

const FIXTURES = path.resolve('fixtures/oracle');
const GOLDEN = path.resolve('fixtures/golden/dataset-card/README.md');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rk-card-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(name: string, options: Partial<ConvertOptions>): Promise<string> {
  const outDir = path.join(root, name);
  await convert({ inputs: [FIXTURES], outDir, discover: { cwd: process.cwd(), env: {} }, format: 'jsonl', ...options });
  return outDir;
}

/** The `path:` of the card's single data_files entry, as a regular expression over file names. */
async function dataFilesPattern(outDir: string): Promise<RegExp> {
  const card = await readFile(path.join(outDir, 'README.md'), 'utf8');
  const header = card.split('\n---\n')[0]!;
  const paths = [...header.matchAll(/^ {4}path: (.+)$/gm)].map((m) => m[1]!);
  expect(paths).toHaveLength(1);
  return new RegExp(`^${paths[0]!.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
}

describe('the dataset card', () => {
  it('of the oracle corpus as Parquet is the reviewed golden', async () => {
    const outDir = await run('parquet', { format: 'parquet' });
    expect(await readFile(path.join(outDir, 'README.md'), 'utf8')).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it.each([
    ['jsonl', { format: 'jsonl', shardRows: 80 }],
    ['arrow', { format: 'arrow' }],
    ['arrow-file', { format: 'arrow', arrowIpc: 'file', shardRows: 100 }],
    ['parquet-sharded', { format: 'parquet', shardRows: 100 }],
    ['jsonl-instructions-ref', { format: 'jsonl', instructions: 'ref' }],
    ['messages', { format: 'messages', shardRows: 80 }],
    ['messages-parquet', { format: 'messages-parquet', shardRows: 100 }],
  ] as [string, Partial<ConvertOptions>][])('names exactly the record files of %s as data, and the manifest lists it', async (name, options) => {
    const outDir = await run(name, options);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as { files: { path: string; kind: string }[] };
    const records = manifest.files.filter((f) => f.kind === 'records').map((f) => f.path);
    expect(records.length).toBeGreaterThan(0);
    const pattern = await dataFilesPattern(outDir);
    const names = await readdir(outDir);
    expect(names.filter((n) => pattern.test(n)).sort()).toEqual(records.sort());
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'issues.jsonl', 'README.md']));
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: 'README.md', kind: 'metadata' }));
  });

  it('says when secrets were kept, and declares features only for typed columns', async () => {
    const outDir = await run('jsonl-unredacted', { format: 'jsonl', redact: false });
    const card = await readFile(path.join(outDir, 'README.md'), 'utf8');
    expect(card).toContain('| redaction | off (`--no-redact`): secrets are kept verbatim |');
    expect(card).not.toContain('dataset_info:');
  });

  it('is not written for formats that are not one table of records', async () => {
    for (const format of ['thread-events', 'atif', 'json'] as const) {
      const outDir = await run(`no-card-${format}`, { format });
      expect(await readdir(outDir)).not.toContain('README.md');
    }
  });

  it('draws bars in eighths of a cell, never empty for a share above 0', () => {
    expect(textBar(0)).toBe('');
    expect(textBar(0.0001)).toBe('▏');
    expect(textBar(0.5)).toBe('██████████');
    expect(textBar(1 / 3)).toBe('██████▋');
    expect(textBar(1)).toBe('████████████████████');
  });

  it('puts the row count in the Hub size category', () => {
    expect([0, 999, 1000, 9999, 10_000, 2_000_000].map(sizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '1K<n<10K', '10K<n<100K', '1M<n<10M']);
  });
});
