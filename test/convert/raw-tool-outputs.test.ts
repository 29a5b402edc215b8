/**
 * RL conversion keeps tool outputs out of the JS heap (rollout/tool-output-line.ts), as
 * raw JSON text for text outputs and as decoded UTF-8 for Arrow, instead of decoding
 * and re-encoding them. That must be invisible: every record is byte-identical to the
 * one decoded the ordinary way, in compact (JSONL) and pretty (JSON) layout and in Arrow
 * shards, over the real fixtures and over outputs crafted to hit every fallback.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertFile } from '../../src/convert/convert-file.js';
import { rlProjection } from '../../src/projection/rl-projection.js';
import type { SessionStart } from '../../src/projection/session-projection.js';
import { describeInputPath } from '../../src/read/input-file.js';
import type { RawToolOutputForm } from '../../src/rollout/tool-output-line.js';
import { createArrowSink } from '../../src/formats/arrow/arrow-sink.js';
import type { RecordSink } from '../../src/write/sink.js';
import { createJsonSink } from '../../src/formats/json/json-sink.js';
import { createStreamSink } from '../../src/write/stream-sink.js';

const ORACLE = fileURLToPath(new URL('../../fixtures/oracle/', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-raw-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listRollouts(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.filter((f) => /rollout-.*\.jsonl$/.test(f)).map((f) => path.join(root, f)).sort();
}

type Form = RawToolOutputForm | undefined;

async function convertAll(paths: string[], sink: RecordSink, rawToolOutputs: Form): Promise<number> {
  const openProjection = (start: SessionStart) => rlProjection.open(start, sink.beginSession());
  let issues = 0;
  for (const p of paths) await convertFile(describeInputPath(p), { openProjection, rawToolOutputs, reportIssue: () => void issues++ });
  await sink.close();
  return issues;
}

async function convertToJsonl(paths: string[], rawToolOutputs: Form): Promise<{ text: string; issues: number }> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const issues = await convertAll(paths, createStreamSink({ stream, spillDir: dir }), rawToolOutputs);
  return { text: Buffer.concat(chunks).toString('utf8'), issues };
}

async function convertToFiles(paths: string[], rawToolOutputs: Form, out: string, format: 'json' | 'arrow'): Promise<Map<string, Buffer>> {
  await convertAll(paths, format === 'json' ? createJsonSink({ outDir: out }) : createArrowSink({ outDir: out, batchRows: 7 }), rawToolOutputs);
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(out)).sort()) files.set(name, await readFile(path.join(out, name)));
  return files;
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, bytes] of actual) expect(bytes.equals(expected.get(name)!), name).toBe(true);
}

/** Outputs that stress the raw path: each either passes through or must fall back, with the same result. */
const CRAFTED_OUTPUTS: string[] = [
  'Exit code: 3\nWall time: 0.2 seconds\nOutput:\nfailed \u001b[31mred\u001b[0m\n',
  'Chunk ID: 9f\nWall time: 0.1 seconds\nProcess exited with code 2\nOriginal token count: 5\nOutput:\n日本語 😀 "q" \\ back\n',
  'Process running with session ID 4\nOutput:\npartial',
  JSON.stringify({ output: 'structured\n', metadata: { exit_code: 6, duration_seconds: 0.5 } }),
  '{not json at all',
  `${'header line without marker '.repeat(40)}\nExit code: 8\n`,
  'literal \\nOutput:\\n in the text\nExit code: 1\nOutput:\nbody',
  'controls \u0000\u0001\u0002\u007f\u2028\u2029',
  '',
  // Starts with `{` without being the JSON form: JSON of another shape, JSON then an exec header, a key spelled with escapes.
  JSON.stringify({ items: [1, 2, 3], nested: { output: 5 } }, null, 2),
  '{"not": "the exec form"}\nProcess exited with code 12\nOutput:\nbody',
  `{${'x'.repeat(700)}\nExit code: 13\n`,
  '{"\\u006futput":"spelled with an escape","metadata":{"exit_code":4}}',
  '{"output":["not","a","string"],"metadata":{"exit_code":9}}',
];

let crafted = 0;

/** Rewrites a rollout's string tool outputs to the crafted ones (in turn, across files), plus raw-text variants JSON.stringify never writes. */
function craftRollout(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes('"function_call_output"')) return line;
      const value = JSON.parse(line) as { payload: { output: unknown } };
      if (typeof value.payload.output !== 'string') return line;
      const variant = crafted++;
      value.payload.output = CRAFTED_OUTPUTS[variant % CRAFTED_OUTPUTS.length];
      const serialized = JSON.stringify(value);
      // Some outputs get an escape that decodes to the same text but that JSON.stringify never writes.
      if (variant % 4 === 2) return serialized.replace('"output":"', '"output":"A\\/');
      if (variant % 4 === 3) return serialized.replace('"output":"', '"output":"\\u0041/');
      return serialized;
    })
    .join('\n');
}

describe('raw tool outputs', () => {
  it('write the same JSONL records as decoded outputs, over every oracle rollout', async () => {
    const paths = await listRollouts(ORACLE);
    expect(paths.length).toBeGreaterThan(200);
    const raw = await convertToJsonl(paths, 'json');
    const decoded = await convertToJsonl(paths, undefined);
    expect(raw.text.length).toBeGreaterThan(100_000);
    expect(raw.text === decoded.text).toBe(true);
    expect(raw.issues).toBe(decoded.issues);
    // Decoded bytes (Arrow's form) in a text record are read and escaped: same records again.
    const utf8 = await convertToJsonl(paths, 'utf8');
    expect(utf8.text === decoded.text).toBe(true);
    expect(utf8.issues).toBe(decoded.issues);
  });

  it('write the same Arrow shards from decoded UTF-8 outputs as from decoded strings, over every oracle rollout', async () => {
    const paths = await listRollouts(ORACLE);
    const utf8 = await convertToFiles(paths, 'utf8', path.join(dir, 'arrow-oracle-utf8'), 'arrow');
    const decoded = await convertToFiles(paths, undefined, path.join(dir, 'arrow-oracle-decoded'), 'arrow');
    expectSameFiles(utf8, decoded);
  });

  it('write the same records for crafted outputs (every fallback), in JSONL and pretty JSON', async () => {
    const sources = (await listRollouts(ORACLE)).filter((p) => /0\.(58|80|100|130|169)\.0/.test(p));
    const paths: string[] = [];
    for (const [i, source] of sources.entries()) {
      const target = path.join(dir, `rollout-2026-01-01T00-00-00-${String(i).padStart(8, '0')}-0000-7000-8000-000000000000.jsonl`);
      await writeFile(target, craftRollout(await readFile(source, 'utf8')));
      paths.push(target);
    }
    const raw = await convertToJsonl(paths, 'json');
    const decoded = await convertToJsonl(paths, undefined);
    // The crafted outputs made it into the records: the JSON-form exit code, and escapes that were not canonical.
    expect(crafted).toBeGreaterThan(4 * CRAFTED_OUTPUTS.length);
    expect(raw.text.includes('\\"exit_code\\":6')).toBe(true);
    expect(raw.text.includes('"output":"A/')).toBe(true);
    expect(raw.text === decoded.text).toBe(true);
    expect((await convertToJsonl(paths, 'utf8')).text === decoded.text).toBe(true);
    const jsonRaw = await convertToFiles(paths, 'json', path.join(dir, 'json-raw'), 'json');
    const jsonDecoded = await convertToFiles(paths, undefined, path.join(dir, 'json-decoded'), 'json');
    expectSameFiles(jsonRaw, jsonDecoded);
    const arrowUtf8 = await convertToFiles(paths, 'utf8', path.join(dir, 'arrow-utf8'), 'arrow');
    const arrowDecoded = await convertToFiles(paths, undefined, path.join(dir, 'arrow-decoded'), 'arrow');
    expectSameFiles(arrowUtf8, arrowDecoded);
  });
});
