/**
 * The oracle corpus layout (fixtures/oracle): `<label>/<scenario>/` holds the rollout files a
 * real codex run wrote (`rollout-*.jsonl`) and what `codex exec --json` printed, one file per
 * codex process: `exec.jsonl`, or `exec-1.jsonl`, `exec-2.jsonl`, ... for resumes and forks.
 * Labels are codex versions, optionally with a `+model` suffix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { detectStreamShape, parseJsonl, type ExecStreamShape, type RawEvent } from './thread-event-stream.js';

export type OracleCell = { label: string; scenario: string; dir: string };

/** The events expected from one rollout file: the exec outputs of the processes that wrote it. */
export type ExpectedGroup = { rollout: string | null; execFiles: string[]; events: RawEvent[] };

export type ExpectedStreams = { shape: ExecStreamShape; groups: ExpectedGroup[] };

/** The order the oracle's scenario script runs them in, simplest first; others follow by name. */
export const SCENARIO_ORDER = [
  'message',
  'shell-ok',
  'shell-fail',
  'multi-shell',
  'parallel-shell',
  'apply-patch',
  'apply-patch-fail',
  'plan',
  'view-image',
  'web-search',
  'mcp',
  'error',
  'error-failed',
  'multi-turn',
  'compact',
  'interrupted',
] as const;

/** Version order; a `+model` label follows its plain version. */
export function compareLabels(a: string, b: string): number {
  const pa = (a.split('+')[0] ?? '').split('.').map(Number);
  const pb = (b.split('+')[0] ?? '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareScenarios(a: string, b: string): number {
  const order: readonly string[] = SCENARIO_ORDER;
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia !== ib) return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

const listDirs = (dir: string) => readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory());

/** The cells of one corpus directory, or of several (fixtures/oracle and fixtures/oracle-extra) in one grid. */
export function listOracleCells(corpus: string | readonly string[]): OracleCell[] {
  const cells: OracleCell[] = [];
  for (const corpusDir of typeof corpus === 'string' ? [corpus] : corpus) {
    for (const label of listDirs(corpusDir)) {
      for (const scenario of listDirs(path.join(corpusDir, label))) cells.push({ label, scenario, dir: path.join(corpusDir, label, scenario) });
    }
  }
  return cells.sort((a, b) => compareLabels(a.label, b.label) || compareScenarios(a.scenario, b.scenario));
}

const SESSION_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;
const EXEC_FILE = /^exec(?:-(\d+))?\.jsonl$/;

export function listRolloutFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^rollout-.*\.jsonl$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

function listExecFiles(dir: string): string[] {
  const numbered = readdirSync(dir).flatMap((name) => {
    const match = EXEC_FILE.exec(name);
    return match ? [{ name, n: Number(match[1] ?? 0) }] : [];
  });
  return numbered.sort((a, b) => a.n - b.n).map(({ name }) => path.join(dir, name));
}

/**
 * What each rollout of a cell should replay to. With one rollout, every exec output is its
 * own. With several (a fork writes a child rollout; 0.29 wrote a new file per resume), an exec
 * output belongs to the rollout whose session id is its thread id, or else to the rollout of
 * the exec before it. The outputs of one rollout are concatenated in process order without
 * the repeated `thread.started` each resumed process prints.
 */
export function readExpectedStreams(dir: string): ExpectedStreams {
  const execs = listExecFiles(dir).map((file) => {
    const { events } = parseJsonl(readFileSync(file, 'utf8'));
    const started = events.find(({ obj }) => obj.type === 'thread.started');
    return { file, events, thread: started ? String(started.obj.thread_id) : null };
  });
  const rollouts = listRolloutFiles(dir);
  const byRollout = new Map<string | null, typeof execs>(rollouts.map((rollout) => [rollout, []]));
  let previous: string | null = rollouts[0] ?? null;
  for (const exec of execs) {
    const owner = rollouts.length <= 1 ? previous : (rollouts.find((rollout) => SESSION_ID.exec(rollout)?.[1] === exec.thread) ?? previous);
    const list = byRollout.get(owner) ?? [];
    list.push(exec);
    byRollout.set(owner, list);
    previous = owner;
  }
  const groups: ExpectedGroup[] = [];
  for (const [rollout, list] of byRollout) {
    const seenThreads = new Set<string>();
    const events: RawEvent[] = [];
    for (const exec of list) {
      for (const event of exec.events) {
        if (event.obj.type === 'thread.started') {
          const thread = String(event.obj.thread_id);
          if (seenThreads.has(thread)) continue;
          seenThreads.add(thread);
        }
        events.push(event);
      }
    }
    groups.push({ rollout, execFiles: list.map(({ file }) => file), events });
  }
  return { shape: detectStreamShape(execs.flatMap(({ events }) => events)), groups };
}
