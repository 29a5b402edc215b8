/**
 * Opt-in: the Python readers the README names (pyarrow, and Hugging Face `datasets` when
 * installed) load the oracle corpus as JSONL, Parquet and Arrow. Runs only with
 * ROLLOUT_KIT_PYTHON_TESTS=1 and a python3 that imports pyarrow; the suite never installs
 * Python packages (the machine reaches no PyPI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, type ConvertFormat } from '../../src/convert/convert.js';

const PYTHON = process.env.ROLLOUT_KIT_PYTHON ?? 'python3';
const enabled = process.env.ROLLOUT_KIT_PYTHON_TESTS === '1' && spawnSync(PYTHON, ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;

/** Prints, as JSON, the rows each reader finds; `datasets` only where it is installed. */
const SCRIPT = String.raw`
import json, sys, glob, os
import pyarrow.json as pj, pyarrow.parquet as pq, pyarrow as pa
root = sys.argv[1]
out = {}
t = pj.read_json(os.path.join(root, "jsonl", "trajectories.jsonl"))
out["pyarrow.json"] = [t.num_rows, str(t.schema.field("trajectory").type.value_type.field("arguments").type)]
out["pyarrow.parquet"] = sum(pq.read_table(f).num_rows for f in sorted(glob.glob(os.path.join(root, "parquet", "*.parquet"))))
with pa.ipc.open_file(os.path.join(root, "arrow-file", "data-00000-of-00001.arrow")) as reader:
    out["pyarrow.ipc"] = reader.read_all().num_rows
m = pj.read_json(os.path.join(root, "messages", "messages.jsonl"))
call = m.schema.field("messages").type.value_type.field("tool_calls").type.value_type
out["pyarrow.json messages"] = [m.num_rows, str(call.field("function").type.field("arguments").type)]
out["pyarrow.parquet messages"] = sum(pq.read_table(f).num_rows for f in sorted(glob.glob(os.path.join(root, "messages-parquet", "*.parquet"))))
try:
    import datasets
except ImportError:
    datasets = None
if datasets is not None:
    out["datasets.jsonl"] = len(datasets.load_dataset(os.path.join(root, "jsonl"), split="train"))
    out["datasets.parquet"] = len(datasets.load_dataset(os.path.join(root, "parquet"), split="train"))
    out["datasets.arrow"] = len(datasets.load_from_disk(os.path.join(root, "arrow")))
    out["datasets.messages"] = len(datasets.load_dataset(os.path.join(root, "messages"), split="train"))
    out["datasets.messages-parquet"] = len(datasets.load_dataset(os.path.join(root, "messages-parquet"), split="train"))
print(json.dumps(out))
`;

let root: string;
let sessions: number;

beforeAll(async () => {
  if (!enabled) return;
  root = await mkdtemp(path.join(tmpdir(), 'rk-python-'));
  const discover = { cwd: process.cwd(), env: {} };
  const runs: [string, ConvertFormat, object][] = [
    ['jsonl', 'jsonl', {}],
    ['parquet', 'parquet', { shardRows: 100 }],
    ['arrow', 'arrow', {}],
    ['arrow-file', 'arrow', { arrowIpc: 'file' }],
    ['messages', 'messages', {}],
    ['messages-parquet', 'messages-parquet', { shardRows: 100 }],
  ];
  for (const [name, format, options] of runs) {
    const report = await convert({ inputs: [path.resolve('fixtures/oracle')], outDir: path.join(root, name), discover, format, ...options });
    sessions = report.sessions;
  }
}, 180_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(!enabled)('Python readers (opt-in)', () => {
  it('pyarrow, and datasets where installed, read every session of every format', () => {
    const run = spawnSync(PYTHON, ['-c', SCRIPT, root], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Traceback/);
    const found = JSON.parse(run.stdout) as Record<string, number | [number, string]>;
    expect(found['pyarrow.json']).toEqual([sessions, 'string']);
    expect(found['pyarrow.json messages']).toEqual([sessions, 'string']);
    for (const [reader, rows] of Object.entries(found)) if (!reader.startsWith('pyarrow.json')) expect(rows, reader).toBe(sessions);
  });
});
