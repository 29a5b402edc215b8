import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, MANIFEST_NAME, type GeneratedCorpus } from '../../bench/generate.js';
import { listRolloutsBiggestFirst } from '../../bench/list-rollouts.js';

type RolloutLine = { timestamp: string; ordinal?: number; type: string; payload: Record<string, unknown>; metadata?: unknown };

const LINE_TYPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted', 'world_state', 'token_usage_record']);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROLLOUT_PATH = /^sessions\/(\d{4})\/(\d{2})\/(\d{2})\/rollout-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})-([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.jsonl$/;

let workDir: string;

function readLines(path: string): RolloutLine[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as RolloutLine);
}

function hashCorpus(corpus: GeneratedCorpus): string[] {
  return corpus.manifest.files.map((f) => `${f.path} ${createHash('sha256').update(readFileSync(join(corpus.dir, f.path))).digest('hex')}`);
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'rk-bench-test-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('generateCorpus determinism', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', () => {
    const spec = { mode: 'size', bytes: 1024 * 1024, seed: 7 } as const;
    const a = generateCorpus(spec, join(workDir, 'a'));
    const b = generateCorpus(spec, join(workDir, 'b'));
    const c = generateCorpus({ ...spec, seed: 8 }, join(workDir, 'c'));
    expect(a.reused).toBe(false);
    expect(b.reused).toBe(false);
    expect(a.manifest.files.length).toBeGreaterThan(0);
    expect(hashCorpus(b)).toEqual(hashCorpus(a));
    expect(readFileSync(join(b.dir, MANIFEST_NAME), 'utf8')).toBe(readFileSync(join(a.dir, MANIFEST_NAME), 'utf8'));
    expect(hashCorpus(c)).not.toEqual(hashCorpus(a));
  });

  it('reuses a complete corpus of the same spec instead of rewriting it', () => {
    const spec = { mode: 'size', bytes: 256 * 1024, seed: 3 } as const;
    const dir = join(workDir, 'reuse');
    const first = generateCorpus(spec, dir);
    const firstHashes = hashCorpus(first);
    const file = join(dir, first.manifest.files[0]!.path);
    const mtime = statSync(file).mtimeMs;
    const second = generateCorpus(spec, dir);
    expect(second.reused).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    const other = generateCorpus({ ...spec, seed: 4 }, dir);
    expect(other.reused).toBe(false);
    expect(hashCorpus(other)).not.toEqual(firstHashes);
  });
});

describe('generated rollouts', () => {
  let corpus: GeneratedCorpus;
  const all: { path: string; version: string; lines: RolloutLine[] }[] = [];

  beforeAll(() => {
    corpus = generateCorpus({ mode: 'size', bytes: 12 * 1024 * 1024, seed: 11 }, join(workDir, 'shape'));
    for (const f of corpus.manifest.files) all.push({ path: f.path, version: f.version, lines: readLines(join(corpus.dir, f.path)) });
  });

  it('adds up to the requested size, and the manifest matches the files on disk', () => {
    const listed = listRolloutsBiggestFirst(corpus.dir);
    expect(listed.length).toBe(corpus.manifest.files.length);
    const onDisk = listed.reduce((n, f) => n + f.bytes, 0);
    expect(onDisk).toBe(corpus.manifest.totalBytes);
    expect(onDisk).toBeGreaterThanOrEqual(12 * 1024 * 1024);
    expect(onDisk).toBeLessThan(12 * 1024 * 1024 * 1.1);
    for (const f of corpus.manifest.files) expect(all.find((x) => x.path === f.path)!.lines.length).toBe(f.lines);
  });

  it('writes only valid JSON lines of the wrapped {timestamp, type, payload} shape', () => {
    for (const { version, lines } of all) {
      lines.forEach((line, index) => {
        expect(line.timestamp).toMatch(ISO_MS);
        expect(LINE_TYPES.has(line.type)).toBe(true);
        expect(typeof line.payload).toBe('object');
        expect(line.payload).not.toBeNull();
        const keys = Object.keys(line);
        if (version === '0.169.0') {
          expect(line.ordinal).toBe(index);
          expect(keys.slice(0, 4)).toEqual(['timestamp', 'ordinal', 'type', 'payload']);
        } else {
          expect(keys).toEqual(['timestamp', 'type', 'payload']);
        }
        if (line.type === 'event_msg' || line.type === 'response_item') expect(typeof line.payload.type).toBe('string');
      });
    }
  });

  it('names files like Codex and opens each with its session_meta', () => {
    for (const { path, version, lines } of all) {
      const match = ROLLOUT_PATH.exec(path);
      expect(match).not.toBeNull();
      const [, y, m, d, stamp, uuid] = match!;
      const meta = lines[0]!;
      expect(meta.type).toBe('session_meta');
      expect(meta.payload.id).toBe(uuid);
      expect(meta.payload.cli_version).toBe(version);
      const started = meta.payload.timestamp as string;
      expect(`${y}-${m}-${d}`).toBe(started.slice(0, 10));
      expect(stamp).toBe(started.slice(0, 19).replace(/:/g, '-'));
      const instructions = (meta.payload.base_instructions as { text?: string } | undefined)?.text;
      if (version === '0.100.0' || version === '0.130.0' || version === '0.169.0') expect(instructions!.length).toBeGreaterThan(18_000);
    }
  });

  it('covers every tool family and output encoding a converter must handle', () => {
    const seen = new Set<string>();
    for (const { lines } of all) {
      for (const { type, payload } of lines) {
        const kind = payload.type as string | undefined;
        seen.add(`${type}:${kind}`);
        if (kind === 'function_call' || kind === 'custom_tool_call') {
          const name = payload.name as string;
          seen.add(`call:${payload.namespace === undefined ? name.replace(/^mcp__.*/, 'mcp-flat') : 'mcp-namespaced'}`);
        }
        if (kind === 'function_call_output' && typeof payload.output === 'string') {
          const output = payload.output;
          if (output.startsWith('{"output":')) {
            const parsed = JSON.parse(output) as { output: string; metadata: { exit_code: number } };
            expect(typeof parsed.output).toBe('string');
            expect(Number.isInteger(parsed.metadata.exit_code)).toBe(true);
            seen.add('output:shell-json');
          } else if (/^Exit code: -?\d+\nWall time: [\d.]+ seconds\n(Total output lines: \d+\n)?Output:\n/.test(output)) {
            seen.add('output:shell_command-freeform');
          } else if (/^Chunk ID: [0-9a-f]{6}\nWall time: [\d.]+ seconds\nProcess exited with code -?\d+\nOriginal token count: \d+\nOutput:\n/.test(output)) {
            seen.add('output:exec_command');
          } else if (/Process running with session ID \d+/.test(output)) {
            seen.add('output:exec_command-running');
          } else if (output.startsWith('[{"type":"text"')) {
            seen.add('output:mcp-json');
          }
        }
        if (kind === 'function_call_output' && Array.isArray(payload.output)) seen.add('output:content-items');
        if (kind === 'custom_tool_call_output') seen.add((payload.output as string).startsWith('{') ? 'output:patch-json' : 'output:patch-freeform');
        if (type === 'event_msg' && kind === 'item_completed') seen.add(`item:${(payload.item as { type: string }).type}`);
        if (kind === 'reasoning' && typeof payload.encrypted_content === 'string') seen.add('reasoning:encrypted');
      }
    }
    const expected = [
      'call:shell', 'call:shell_command', 'call:exec_command', 'call:write_stdin', 'call:apply_patch', 'call:update_plan', 'call:mcp-flat', 'call:mcp-namespaced',
      'output:shell-json', 'output:shell_command-freeform', 'output:exec_command', 'output:exec_command-running', 'output:mcp-json', 'output:content-items',
      'output:patch-json', 'output:patch-freeform',
      'response_item:web_search_call', 'response_item:reasoning', 'response_item:message', 'response_item:tool_search_call', 'response_item:tool_search_output',
      'event_msg:user_message', 'event_msg:agent_message', 'event_msg:agent_reasoning', 'event_msg:token_count', 'event_msg:task_started', 'event_msg:task_complete',
      'event_msg:turn_aborted', 'event_msg:patch_apply_end', 'event_msg:mcp_tool_call_end', 'event_msg:web_search_end', 'event_msg:context_compacted',
      'compacted:undefined', 'turn_context:undefined', 'world_state:undefined', 'token_usage_record:undefined',
      'item:UserMessage', 'item:AgentMessage', 'item:Reasoning', 'item:CommandExecution', 'item:FileChange', 'item:McpToolCall', 'item:WebSearch',
      'reasoning:encrypted',
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });

  it('answers every call except, at most, one left open at the very end of a session', () => {
    for (const { lines } of all) {
      const open = new Map<string, number>();
      lines.forEach(({ payload }, index) => {
        const kind = payload.type;
        if (kind === 'function_call' || kind === 'custom_tool_call' || kind === 'tool_search_call') open.set(payload.call_id as string, index);
        if (kind === 'function_call_output' || kind === 'custom_tool_call_output' || kind === 'tool_search_output') {
          expect(open.has(payload.call_id as string)).toBe(true);
          open.delete(payload.call_id as string);
        }
      });
      for (const index of open.values()) {
        const after = lines.slice(index + 1).map((l) => `${l.type}:${l.payload.type}`);
        expect(after.every((t) => t === 'event_msg:token_count' || t === 'token_usage_record:undefined' || t === 'response_item:message' || t === 'event_msg:turn_aborted')).toBe(true);
      }
    }
  });

  it('has tool outputs from a few hundred bytes to about 200 KB, with non-ASCII text', () => {
    const sizes: number[] = [];
    let nonAscii = 0;
    for (const { lines } of all) {
      for (const { payload } of lines) {
        if (payload.type !== 'function_call_output' || typeof payload.output !== 'string') continue;
        sizes.push(payload.output.length);
        if (/[^\p{ASCII}]/u.test(payload.output)) nonAscii++;
      }
    }
    expect(Math.max(...sizes)).toBeGreaterThan(100_000);
    expect(Math.max(...sizes)).toBeLessThan(260_000);
    expect(sizes.filter((s) => s < 1000).length).toBeGreaterThan(0);
    expect(nonAscii / sizes.length).toBeGreaterThan(0.3);
  });
});

describe('--single', () => {
  it('writes one session of the newest format, at least the requested size', () => {
    const corpus = generateCorpus({ mode: 'single', bytes: 3 * 1024 * 1024, seed: 1 }, join(workDir, 'single'));
    expect(corpus.manifest.files.length).toBe(1);
    const [file] = corpus.manifest.files;
    expect(file!.version).toBe('0.169.0');
    expect(file!.bytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    const lines = readLines(join(corpus.dir, file!.path));
    expect(lines.filter((l) => l.type === 'event_msg' && l.payload.type === 'task_started').length).toBeGreaterThan(3);
  });
});
