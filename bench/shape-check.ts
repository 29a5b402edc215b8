/**
 * Micro-benchmark of the fast shape checks (src/shape-check), run by hand after
 * `npm run build && npx tsc -p bench/tsconfig.json`:
 *
 *   node dist/bench/shape-check.js [rollout dirs or files ...] [--baseline DIR] [--rounds N]
 *
 * Reads every `session_meta`, `turn_context`, `response_item` and `event_msg` payload of the
 * rollouts (default: fixtures/oracle and fixtures/samples), converts them to get trajectory
 * steps, then times each check over all of them: CPU ns per call, median and minimum of
 * interleaved rounds,
 * next to zod's safeParse. `--baseline DIR`: compiled `plain-payload.js` and `step-shape.js`
 * with the same exports (an older version of the checks), timed in the same rounds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * The shapes this script uses of the library build. Declared here rather than imported from
 * src/, so the script compiles on its own (bench/tsconfig.json's root is bench/).
 */
type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown } };
type ConvertModule = { convert(options: Record<string, unknown>, onIssue: () => void): Promise<unknown> };
type PersistedEventModule = { EVENT_TYPE_ALIASES: Readonly<Record<string, string>>; persistedEventSchema: Schema };
type PlainPayloadModule = Record<'isPlainSessionMeta' | 'isPlainTurnContext' | 'isPlainResponseItem' | 'isPlainEvent', (payload: unknown) => boolean>;
type ResponseItemModule = { responseItemSchema: Schema };
type SessionHeaderModule = { sessionMetaSchema: Schema; turnContextSchema: Schema };
type RlSchemaModule = { trajectoryStepSchema: Schema };
type StepShapeModule = { isWellFormedStep(step: never): boolean };
import { listRolloutsBiggestFirst } from './list-rollouts.js';

/** The library build (`npm run build`), next to this script's dist/bench/. */
function load<T>(file: string): Promise<T> {
  return import(new URL(`../${file}`, import.meta.url).href) as Promise<T>;
}
const { convert } = await load<ConvertModule>('convert/convert.js');
const { EVENT_TYPE_ALIASES, persistedEventSchema } = await load<PersistedEventModule>('rollout/persisted-event.js');
const derivedPayload = await load<PlainPayloadModule>('rollout/plain-payload.js');
const { responseItemSchema } = await load<ResponseItemModule>('rollout/response-item.js');
const { sessionMetaSchema, turnContextSchema } = await load<SessionHeaderModule>('rollout/session-header.js');
const { trajectoryStepSchema } = await load<RlSchemaModule>('trajectory/rl-schema.js');
const derivedStep = await load<StepShapeModule>('trajectory/step-shape.js');

type Check = (value: unknown) => boolean;
type Suite = { name: string; inputs: unknown[]; checks: Record<string, Check> };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '9' } },
});
const inputs = positionals.length > 0 ? positionals : ['fixtures/oracle', 'fixtures/samples'];
const rounds = Number(values.rounds);

function rolloutFiles(input: string): string[] {
  return input.endsWith('.jsonl') ? [input] : listRolloutsBiggestFirst(input).map((file) => file.path);
}

function readPayloads(files: readonly string[]): Record<'items' | 'events' | 'metas' | 'contexts', unknown[]> {
  const out = { items: [] as unknown[], events: [] as unknown[], metas: [] as unknown[], contexts: [] as unknown[] };
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      let value: { type?: unknown; payload?: { type?: unknown } };
      try {
        value = JSON.parse(line) as typeof value;
      } catch {
        continue;
      }
      if (value.type === 'response_item') out.items.push(value.payload);
      else if (value.type === 'session_meta') out.metas.push(value.payload);
      else if (value.type === 'turn_context') out.contexts.push(value.payload);
      else if (value.type === 'event_msg' && typeof value.payload?.type === 'string') {
        const type = EVENT_TYPE_ALIASES[value.payload.type] ?? value.payload.type;
        out.events.push(type === value.payload.type ? value.payload : { ...value.payload, type });
      }
    }
  }
  return out;
}

async function readSteps(): Promise<unknown[]> {
  const chunks: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await convert({ inputs, format: 'jsonl', outDir: 'unused', stdout }, () => undefined);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => (JSON.parse(line) as { trajectory: unknown[] }).trajectory);
}

/**
 * CPU ns per call over `inputs`, passes repeated for at least ~20 ms of CPU time. CPU time
 * (user + system), not wall time: on a shared machine the thread is often descheduled.
 */
function time(check: Check, inputs: readonly unknown[]): { ns: number; hits: number } {
  let hits = 0;
  let calls = 0;
  const start = process.cpuUsage();
  let micros = 0;
  while (micros < 20_000) {
    for (let i = 0; i < inputs.length; i++) if (check(inputs[i])) hits++;
    calls += inputs.length;
    const used = process.cpuUsage(start);
    micros = used.user + used.system;
  }
  return { ns: (micros * 1000) / calls, hits: hits / (calls / inputs.length) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const payloads = readPayloads(inputs.flatMap(rolloutFiles));
  const steps = await readSteps();
  const baseline = values.baseline === undefined ? undefined : path.resolve(values.baseline);
  const hand = baseline === undefined ? undefined : {
    payload: (await import(pathToFileURL(path.join(baseline, 'plain-payload.js')).href)) as typeof derivedPayload,
    step: (await import(pathToFileURL(path.join(baseline, 'step-shape.js')).href)) as typeof derivedStep,
  };
  const zod = (schema: { safeParse(value: unknown): { success: boolean } }): Check => (value) => schema.safeParse(value).success;
  const suite = (name: string, inputs: unknown[], derived: Check, handWritten: Check | undefined, schema: Parameters<typeof zod>[0]): Suite => ({
    name,
    inputs,
    checks: { derived, ...(handWritten ? { hand: handWritten } : {}), zod: zod(schema) },
  });
  const suites: Suite[] = [
    suite('session_meta', payloads.metas, derivedPayload.isPlainSessionMeta, hand?.payload.isPlainSessionMeta, sessionMetaSchema),
    suite('turn_context', payloads.contexts, derivedPayload.isPlainTurnContext, hand?.payload.isPlainTurnContext, turnContextSchema),
    suite('response_item', payloads.items, derivedPayload.isPlainResponseItem, hand?.payload.isPlainResponseItem, responseItemSchema),
    suite('event_msg', payloads.events, derivedPayload.isPlainEvent, hand?.payload.isPlainEvent, persistedEventSchema),
    suite('step', steps, (step) => derivedStep.isWellFormedStep(step as never), hand && ((step) => hand.step.isWellFormedStep(step as never)), trajectoryStepSchema),
  ];
  const samples = new Map<string, number[]>();
  const hits = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const { name, inputs, checks } of suites) {
      for (const [kind, check] of Object.entries(checks)) {
        const { ns, hits: hitCount } = time(check, inputs);
        const key = `${name}\t${kind}`;
        samples.set(key, [...(samples.get(key) ?? []), ns]);
        hits.set(key, hitCount);
      }
    }
  }
  console.log(['check', 'kind', 'inputs', 'true', 'ns/call median', 'min'].join('\t'));
  for (const { name, inputs } of suites) {
    for (const [key, ns] of samples) {
      if (!key.startsWith(`${name}\t`)) continue;
      console.log([key, inputs.length, `${((hits.get(key)! / inputs.length) * 100).toFixed(1)}%`, median(ns).toFixed(1), Math.min(...ns).toFixed(1)].join('\t'));
    }
  }
}

await main();
