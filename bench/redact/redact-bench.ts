/**
 * Micro-benchmark of src/redact: MB/s of redactText and redactJsonText on secret-free and
 * secret-dense text, next to JSON.parse of the same rollout lines for scale. Run by hand:
 *
 *   npx tsc -p bench/redact/tsconfig.json && node bench/out/redact-bench/bench/redact/redact-bench.js
 *
 * Throughput is input UTF-16 units (about bytes for this text) per second of this process's
 * CPU time, so other load on a shared machine skews it less than wall time; MB = 2^20.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { redactJsonText, redactText } from '../../src/redact/redact.js';
import { createRandom } from '../random.js';
import { createTextPools, type OutputKind } from '../text-pools.js';

/** Run from the repository root. */
const ROOT = process.cwd();
const SECONDS = Number(process.env.REDACT_BENCH_SECONDS ?? 1.5);

function measure(label: string, inputs: readonly string[], run: (s: string) => unknown): void {
  const units = inputs.reduce((sum, s) => sum + s.length, 0);
  for (let warm = 0; warm < 3; warm++) for (const s of inputs) run(s);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let rounds = 0;
  while (performance.now() - wall0 < SECONDS * 1000) {
    for (const s of inputs) run(s);
    rounds++;
  }
  const cpu = process.cpuUsage(cpu0);
  const mb = (units * rounds) / 2 ** 20;
  const cpuMbPerSec = mb / ((cpu.user + cpu.system) / 1e6);
  const wallMbPerSec = mb / ((performance.now() - wall0) / 1000);
  console.log(`${label.padEnd(44)} ${cpuMbPerSec.toFixed(0).padStart(7)} MB/s cpu ${wallMbPerSec.toFixed(0).padStart(7)} MB/s wall  (${inputs.length} strings, ${(units / 2 ** 20).toFixed(1)} MB)`);
}

/** Secret-free text like tool outputs: code, logs, JSON, listings, diffs; and prose messages. */
function syntheticBodies(): string[] {
  const rng = createRandom(11);
  const pools = createTextPools(rng);
  const kinds: OutputKind[] = ['code', 'log', 'json', 'listing', 'diff', 'unicode'];
  const out: string[] = [];
  for (let i = 0; i < 96; i++) out.push(pools.body(rng, kinds[i % kinds.length]!, 4096 + rng.int(0, 60_000)));
  for (let i = 0; i < 400; i++) out.push(pools.prose(rng, rng.int(40, 2000)));
  return out;
}

function fakeToken(alphabet: string, length: number, seed: number): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += alphabet[(x >>> 8) % alphabet.length];
  }
  return s;
}

/** The same text with a fake secret of a rotating kind every `every` characters. */
function withSecrets(bodies: readonly string[], every: number): string[] {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const makers = [
    (n: number) => `export OPENAI_API_KEY="sk-proj-${fakeToken(alnum, 64, n)}"`,
    (n: number) => `token: ghp_${fakeToken(alnum, 36, n)}`,
    (n: number) => `"api_key": "${fakeToken(alnum, 32, n)}"`,
    (n: number) => `Authorization: Bearer ${fakeToken(alnum, 40, n)}`,
    (n: number) => `postgres://app:${fakeToken(alnum, 12, n)}@db:5432/app`,
    (n: number) => `AKIA${fakeToken('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, n)} ${fakeToken(`${alnum}/+`, 40, n)}`,
  ];
  let n = 0;
  return bodies.map((body) => {
    const parts: string[] = [];
    for (let at = 0; at < body.length; at += every) parts.push(body.slice(at, at + every), '\n', makers[n++ % makers.length]!(n), '\n');
    return parts.join('');
  });
}

/** Raw lines and decoded strings of the real rollouts under fixtures/oracle. */
function fixtureText(): { lines: string[]; strings: string[] } {
  const dir = path.join(ROOT, 'fixtures/oracle');
  const lines: string[] = [];
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.length === 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // the oracle keeps a few deliberately broken lines
      }
      lines.push(line);
      collect(value);
    }
  }
  return { lines, strings: strings.filter((s) => s.length > 0) };
}

const synthetic = syntheticBodies();
const fixtures = fixtureText();
// Outputs with a single non-Latin-1 character are two-byte strings, which V8 searches slower.
const ascii = synthetic.map((s) => s.replace(/[^ -~\n\t]/g, '?'));
const sparse = withSecrets(synthetic, 4096);
const dense = withSecrets(synthetic, 256);
console.log(`redaction micro-benchmark, ${SECONDS}s per row, node ${process.version}`);
measure('JSON.parse, fixture rollout lines (scale)', fixtures.lines, (s) => JSON.parse(s));
measure('redactJsonText, fixture rollout lines', fixtures.lines, redactJsonText);
measure('redactText, fixture decoded strings', fixtures.strings, redactText);
measure('redactText, synthetic outputs, no secrets', synthetic, redactText);
measure('redactText, same, ASCII only', ascii, redactText);
measure('redactJsonText, synthetic outputs, no secrets', synthetic.map((s) => JSON.stringify(s)), redactJsonText);
measure('redactText, a secret every 4 KB', sparse, redactText);
measure('redactText, a secret every 256 B (dense)', dense, redactText);
