import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Field, Schema, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecordArrowSchema } from '../../src/formats/arrow/arrow-schema.js';
import { ArrowShardFile } from '../../src/formats/arrow/arrow-shard-file.js';
import { arrowIpcEncoder } from '../../src/formats/arrow/arrow-ipc-encoder.js';
import { createArrowRow, createStepBuilder } from '../../src/formats/arrow/arrow-record-batch.js';
import { createJsonlSink } from '../../src/formats/jsonl/jsonl-sink.js';
import { validateJsonFile } from '../../src/check/validate-json-file.js';
import { validatePaths, summarizeValidation, type ValidationReport } from '../../src/validate/validate-paths.js';
import { ValidationContext } from '../../src/check/validation-context.js';
import { formatViolation, type Violation } from '../../src/check/violation.js';
import { makeSession, makeSummary, writeSessions } from '../write/sample-records.js';
import { DATASET_FORMATS, writeDataset } from './datasets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(paths: string[], options: Parameters<typeof validatePaths>[1] = {}): Promise<{ report: ValidationReport; violations: Violation[] }> {
  const violations: Violation[] = [];
  const report = await validatePaths(paths, { ...options, onViolation: (v) => violations.push(v) });
  return { report, violations };
}

function shardOf(format: string): string {
  if (format === 'parquet') return 'data-00000-of-00001.parquet';
  return format === 'json' ? 's-0.json' : format === 'jsonl' ? 'trajectories.jsonl' : 'data-00000-of-00001.arrow';
}

describe('validatePaths on valid output', () => {
  it.each(DATASET_FORMATS.map((f) => [f]))('accepts a whole %s output directory, manifest and all', async (format) => {
    await writeDataset(dir, format);
    const { report, violations } = await check([dir]);
    expect(violations).toEqual([]);
    // 3 records + the issue line.
    expect(report).toMatchObject({ valid: true, violations: 0, records: 4 });
    expect(summarizeValidation(report)).toMatch(/^valid: \d+ files, 4 records$/);
  });

  it.each(DATASET_FORMATS.map((f) => [f]))('accepts a single %s data file', async (format) => {
    await writeDataset(dir, format);
    const { report, violations } = await check([path.join(dir, shardOf(format))]);
    expect(violations).toEqual([]);
    expect(report.records).toBe(format === 'json' ? 1 : 3);
  });
});

describe('validatePaths on corrupted output', () => {
  it('locates a wrong type in a JSONL file by line and JSON path', async () => {
    await writeDataset(dir, 'jsonl');
    const file = path.join(dir, 'trajectories.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] = (lines[1] as string).replace('"raw_item_count":12', '"raw_item_count":"12"').replace('"exit_code":0', '"exit_code":"0"');
    await writeFile(file, lines.join('\n'));
    const { report, violations } = await check([file]);
    expect(report.valid).toBe(false);
    expect(violations.map(formatViolation)).toEqual([
      `${file}:2: $.trajectory[5].exit_code must be integer or null`,
      `${file}:2: $.raw_item_count must be integer`,
    ]);
  });

  it('locates a missing field in a JSON file', async () => {
    await writeDataset(dir, 'json');
    const file = path.join(dir, 's-2.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    delete record.prompt;
    delete record.trajectory[3].content;
    await writeFile(file, JSON.stringify(record, null, 2));
    const { violations } = await check([file]);
    expect(violations).toEqual([
      { file, path: '$', message: "must have required property 'prompt'" },
      { file, path: '$.trajectory[3]', message: "must have required property 'content'" },
    ]);
  });

  it('reports invalid JSON lines and blank lines in JSONL, and keeps going', async () => {
    const file = path.join(dir, 'x.jsonl');
    const good = JSON.stringify({ ...makeSummary('a'), trajectory: [] });
    await writeFile(file, `${good}\n{"session_id": \n\n${good}\n`);
    const { report, violations } = await check([file]);
    expect(violations.map((v) => [v.line, v.message.split(':')[0]])).toEqual([
      [2, 'not valid JSON'],
      [3, 'blank line between records'],
    ]);
    expect(report.records).toBe(3);
  });

  it.each([['arrow-stream'], ['arrow-file'], ['parquet']])('rejects a truncated %s shard, alone and against its manifest', async (format) => {
    await writeDataset(dir, format as 'arrow-stream');
    const name = shardOf(format);
    const shard = path.join(dir, name);
    const full = (await readFile(shard)).byteLength;
    await truncate(shard, Math.floor(full * 0.6));
    const alone = await check([shard]);
    expect(alone.report.valid).toBe(false);
    expect(alone.violations[0]?.file).toBe(shard);
    expect(alone.violations[0]?.message).toMatch(/truncated (Arrow IPC (stream|file)|Parquet file)/);

    const whole = await check([dir]);
    const messages = whole.violations.map((v) => `${path.basename(v.file)}: ${v.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${name}: is ${Math.floor(full * 0.6)} bytes, manifest.json says ${full}`)),
        expect.stringMatching(new RegExp(`^${name}: sha256 [0-9a-f]{64} does not match manifest.json`)),
        expect.stringMatching(new RegExp(`^${name}: holds 0 rows, manifest.json says 3$`)),
        expect.stringMatching(/^manifest.json: says 3, the files hold 0 records$/),
      ]),
    );
  });

  it('rejects a shard cut inside a record batch even when it keeps its end marker', async () => {
    await writeDataset(dir, 'arrow-stream');
    const shard = path.join(dir, 'data-00000-of-00001.arrow');
    const bytes = await readFile(shard);
    const cut = Buffer.concat([bytes.subarray(0, Math.floor(bytes.byteLength * 0.7)), Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])]);
    await writeFile(shard, cut);
    const { violations } = await check([shard]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file: shard, row: 0 });
    expect(violations[0]?.message).toMatch(/^unreadable Arrow IPC stream/);
  });

  it.each(DATASET_FORMATS.map((f) => [f]))('detects a tampered %s file through its manifest hash', async (format) => {
    await writeDataset(dir, format);
    const file = path.join(dir, shardOf(format));
    const bytes = await readFile(file);
    // Same length, still valid: change one letter of the prompt text.
    const at = bytes.indexOf('List the files');
    expect(at).toBeGreaterThan(-1);
    bytes[at] = 'M'.charCodeAt(0);
    await writeFile(file, bytes);
    const { violations } = await check([dir]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ file });
    expect(violations[0]?.message).toMatch(/^sha256 [0-9a-f]{64} does not match manifest.json \([0-9a-f]{64}\): the file was altered$/);
  });

  it('detects a tampered manifest: wrong row count, unlisted file, wrong totals, missing file', async () => {
    await writeDataset(dir, 'jsonl', undefined, 1);
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    const byPath = (p: string) => manifest.files.find((f: { path: string }) => f.path === p);
    byPath('trajectories-00002-of-00003.jsonl').rows = 7;
    manifest.totals.steps_by_type.reasoning = 99;
    byPath('trajectories-00000-of-00003.jsonl').path = 'gone.jsonl';
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    const { violations } = await check([dir]);
    const messages = violations.map((v) => `${path.basename(v.file)}${v.path ? ` ${v.path}` : ''}: ${v.message}`);
    expect(messages).toEqual([
      'gone.jsonl: listed in manifest.json but missing',
      'trajectories-00002-of-00003.jsonl: holds 1 rows, manifest.json says 7',
      'trajectories-00000-of-00003.jsonl: not listed in manifest.json',
      'manifest.json $.totals.sessions: says 3, the files hold 2 records',
      ...['user_message', 'assistant_message', 'reasoning', 'tool_call', 'tool_output', 'shell_command'].map((type) => {
        const [says, holds] = type === 'reasoning' ? [99, 2] : type === 'shell_command' ? [3, 2] : [6, 4];
        return `manifest.json $.totals.steps_by_type.${type}: says ${says}, the files hold ${holds}`;
      }),
    ]);
  });

  it('rejects a manifest that does not follow the manifest schema', async () => {
    await writeDataset(dir, 'jsonl');
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.files[0].sha256 = 'abc';
    await writeFile(manifestPath, JSON.stringify(manifest));
    const { violations } = await check([dir]);
    expect(violations[0]).toMatchObject({ file: manifestPath, path: '$.files[0].sha256' });
  });

  it('rejects an Arrow shard whose column has the wrong type or is missing', async () => {
    const file = path.join(dir, 'wrong.arrow');
    const table = new Table({ session_id: vectorFromArray(['a'], new Utf8()), success: vectorFromArray(['yes'], new Utf8()) });
    await writeFile(file, tableToIPC(table, 'file'));
    const { violations } = await check([file]);
    expect(violations).toEqual(
      expect.arrayContaining([
        { file, path: '$.success', message: 'column type Utf8, expected Bool' },
        { file, path: '$.trajectory', message: 'column missing from the Arrow schema' },
      ]),
    );
    const extra = path.join(dir, 'extra.arrow');
    const wider = new Schema([...createRecordArrowSchema().fields, new Field('secret', new Utf8(), true)]);
    await writeFile(extra, tableToIPC(new Table(wider), 'stream'));
    const more = await check([extra]);
    expect(more.violations).toEqual([{ file: extra, path: '$.secret', message: 'column not in the record schema' }]);
  });

  it('locates an invalid value inside an Arrow row by row and JSON path', async () => {
    const schema = createRecordArrowSchema();
    const shard = await ArrowShardFile.create(dir, 'data.arrow', schema, arrowIpcEncoder('file'), { batchRows: 10, batchBytes: 1 << 20 });
    const good = makeSession('ok');
    const bad = makeSession('bad', '', { outcome: 'exploded' as never });
    bad.steps[2] = { type: 'reasoning', content: 'x', timestamp: null, turn: 0, exit_code: 3 } as never;
    for (const session of [good, bad]) {
      const steps = createStepBuilder();
      for (const step of session.steps) steps.append(step);
      await shard.append(createArrowRow(session.summary, [steps.take()]));
    }
    await shard.finish();
    const file = path.join(dir, 'rows.arrow');
    await shard.file.moveTo(file);
    const { violations } = await check([file]);
    expect(violations).toEqual([
      { file, row: 1, path: '$.trajectory[2]', message: 'must NOT have additional properties: "exit_code"' },
      { file, row: 1, path: '$.outcome', message: 'must be equal to one of the allowed values: "completed", "failed", "aborted", "incomplete"' },
    ]);
  });

  it('validates dataset_info.json features and state.json shard list in the HF layout', async () => {
    await writeDataset(dir, 'arrow-stream');
    const infoPath = path.join(dir, 'dataset_info.json');
    const info = JSON.parse(await readFile(infoPath, 'utf8'));
    info.features.success = { dtype: 'string', _type: 'Value' };
    await writeFile(infoPath, JSON.stringify(info, null, 2));
    await rm(path.join(dir, 'manifest.json'));
    const statePath = path.join(dir, 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    state._data_files.push({ filename: 'data-00001-of-00002.arrow' });
    await writeFile(statePath, JSON.stringify(state));
    const { violations } = await check([dir]);
    expect(violations.map((v) => [path.basename(v.file), v.path])).toEqual([
      ['dataset_info.json', '$.features'],
      ['state.json', '$._data_files'],
    ]);
  });

  it('reports a path that does not exist', async () => {
    const missing = path.join(dir, 'nope.jsonl');
    const { report, violations } = await check([missing]);
    expect(report.valid).toBe(false);
    expect(violations).toEqual([{ file: missing, message: 'no such file or directory' }]);
  });

  it.skipIf(!existsSync('/dev/zero'))('refuses a device for a file instead of reading it forever', async () => {
    const link = path.join(dir, 'zeros.parquet');
    await symlink('/dev/zero', link);
    const { report, violations } = await check([link]);
    expect(report.valid).toBe(false);
    expect(violations).toEqual([{ file: link, message: 'is a device, not a file: nothing to validate' }]);
  });

  it('validates thread-event JSONL with --schema thread-event', async () => {
    const file = path.join(dir, 'events.jsonl');
    await writeFile(file, '{"type":"thread.started","thread_id":"t"}\n{"type":"turn.started"}\n{"type":"turn.completed"}\n');
    const { violations } = await check([file], { schema: 'thread-event' });
    expect(violations).toEqual([{ file, line: 3, path: '$', message: "must have required property 'usage'" }]);
  });

  it('assembles JSON files too large for one string with a streaming parser', async () => {
    const sink = createJsonlSink({ outDir: dir });
    await writeSessions(sink, [makeSession('big')]);
    await sink.close();
    const record = JSON.parse((await readFile(path.join(dir, 'trajectories.jsonl'), 'utf8')).trim());
    record.success = 1;
    const file = path.join(dir, 'big.json');
    await writeFile(file, JSON.stringify(record, null, 2));
    const violations: Violation[] = [];
    const ctx = new ValidationContext((v) => violations.push(v));
    expect(await validateJsonFile(ctx, file, 'trajectory', 16)).toBe(1);
    expect(violations).toEqual([{ file, path: '$.success', message: 'must be boolean' }]);
    await writeFile(file, JSON.stringify(record).slice(0, 200));
    expect(await validateJsonFile(ctx, file, 'trajectory', 16)).toBe(0);
    expect(violations.at(-1)?.message).toMatch(/^not valid JSON/);
    expect((await readdir(dir)).sort()).toEqual(['big.json', 'trajectories.jsonl']);
  });
});

describe('violation messages', () => {
  it('says "string or null" for a nullable string of the wrong type', async () => {
    const file = path.join(dir, 'one.json');
    await writeFile(file, JSON.stringify({ ...makeSummary('a'), model: 5, trajectory: [] }));
    const { violations } = await check([file]);
    expect(violations).toEqual([{ file, path: '$.model', message: 'must be string or null' }]);
  });
});
