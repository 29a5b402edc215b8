/**
 * `--anonymize`: two real rollouts moved to a macOS user's home (`/Users/adal`), one of them
 * working in /tmp but reading a file in that home and printing the user name, plus a
 * damaged line quoting the home. Converted with anonymization, no trace of the home or the
 * name is left anywhere in the output directory or the report, in any format, and the record
 * still holds together: tool arguments parse, call ids are the rollout's, source_path is
 * relative to the input root. Converted without it, the name is there (the check can fail).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, CONVERT_FORMATS, type ConvertOptions } from '../../src/convert/convert.js';
import type { InputIssue } from '../../src/issues.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { readOutputTreeText } from './output-tree-text.js';

const SHELL_OK = path.join(REPO_ROOT, 'fixtures/oracle/0.130.0/shell-ok');
const MULTI_SHELL = path.join(REPO_ROOT, 'fixtures/oracle/0.130.0/multi-shell');
const MACHINE = { homeDir: '/home/converter', userName: 'converter' };

let dir: string;
let sessions: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-anon-'));
  sessions = path.join(dir, 'sessions');
  mkdirSync(path.join(sessions, '2026/11/21'), { recursive: true });
  const move = (source: string, edit: (line: string) => string): void => {
    const name = readdirSync(source).find((file) => file.startsWith('rollout-'))!;
    const lines = readFileSync(path.join(source, name), 'utf8').trimEnd().split('\n').map(edit);
    writeFileSync(path.join(sessions, '2026/11/21', name), `${lines.join('\n')}\n`);
  };
  // A session in the user's home, whose command prints the user name.
  move(SHELL_OK, (line) =>
    line
      .replaceAll('/home/user', '/Users/adal')
      .replaceAll('echo hi', 'whoami && ls -l ~')
      .replaceAll('Output:\\nhi\\n', 'Output:\\nadal\\n-rw-r--r-- 1 adal staff 3 notes.txt\\n'),
  );
  // A session outside any home, reading a file in it: the home is known from the other session.
  move(MULTI_SHELL, (line) => line.replaceAll('/home/user/project', '/tmp/scratch').replaceAll('seq 1 3000', 'cat /Users/adal/notes.txt'));
  writeFileSync(path.join(sessions, 'rollout-2026-11-21T06-00-00-01a1fcc6-0000-7000-8000-000000000001.jsonl'), '{"timestamp":"2026-11-21T06:00:00Z","type":"session_meta","payload":{"id":"01a1fcc6-0000-7000-8000-000000000001","cwd":"/Users/adal/x"}}\n{"cwd": "/Users/adal/secret-project"\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(format: ConvertOptions['format'], anonymize: boolean, jobs = 1) {
  const out = path.join(dir, `out-${format}-${anonymize}-${jobs}`);
  const issues: InputIssue[] = [];
  const report = await convert({ inputs: [sessions], format, outDir: out, anonymize: anonymize ? MACHINE : false, jobs }, (issue) => issues.push(issue));
  return { out, report, issues };
}

describe('--anonymize', () => {
  it('leaves no home and no user name in the output, the issues or the report', async () => {
    for (const format of CONVERT_FORMATS) {
      const { out, report, issues } = await run(format, true);
      const written = readOutputTreeText(out) + JSON.stringify(report) + JSON.stringify(issues);
      expect(written, format).not.toMatch(/adal/i);
      expect(written, format).toContain('~/notes.txt');
      const violations: unknown[] = [];
      await validatePaths([out], { onViolation: (violation) => violations.push(violation) });
      expect(violations, format).toEqual([]);
    }
  });

  it('keeps the name without it, so the check above can fail', async () => {
    const { out } = await run('jsonl', false);
    expect(readOutputTreeText(out)).toContain('/Users/adal/notes.txt');
  });

  it('keeps the record whole: arguments parse, call ids and source_path relative to the input root', async () => {
    const { out, report, issues } = await run('jsonl', true);
    const records = readFileSync(path.join(out, 'trajectories.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.source_path)).toEqual([
      '2026/11/21/rollout-2026-11-21T06-24-04-01a1fcc6-b7bf-7681-ac95-09e3d970717e.jsonl',
      expect.stringMatching(/^2026\/11\/21\/rollout-.*\.jsonl$/),
      'rollout-2026-11-21T06-00-00-01a1fcc6-0000-7000-8000-000000000001.jsonl',
    ]);
    const home = records[0]!;
    expect(home.cwd).toBe('~/project');
    const steps = home.trajectory as { type: string; arguments?: unknown; call_id?: string; output?: string; command?: string[] }[];
    const call = steps.find((step) => step.type === 'shell_command')!;
    expect(call.call_id).toMatch(/^call_/);
    expect(JSON.parse(call.arguments as string)).toEqual({ cmd: 'whoami && ls -l ~', workdir: '~/project', yield_time_ms: 10000 });
    expect(steps.find((step) => step.type === 'tool_output')?.output).toContain('<user>\n-rw-r--r-- 1 <user> staff 3 notes.txt');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { anonymized?: boolean };
    expect(manifest.anonymized).toBe(true);
    expect(report.anonymized).toBe(true);
    expect(issues.map((issue) => issue.file)).toEqual([expect.stringMatching(/\/sessions\/rollout-2026-11-21T06-00-00/)]);
  });

  it('finds the home in the header of a lone input too (read for --anonymize alone: no duplicate to look for)', async () => {
    const name = readdirSync(path.join(sessions, '2026/11/21')).find((file) => file.includes('b7bf-7681'))!;
    const out = path.join(dir, 'out-lone');
    await convert({ inputs: [path.join(sessions, '2026/11/21', name)], format: 'jsonl', outDir: out, anonymize: MACHINE });
    const record = readFileSync(path.join(out, 'trajectories.jsonl'), 'utf8');
    expect(record).not.toMatch(/adal/i);
    expect(JSON.parse(record)).toMatchObject({ cwd: '~/project' });
  });

  it('writes the same bytes whatever the order of the inputs', async () => {
    const first = await run('jsonl', true);
    const names = readdirSync(sessions, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.jsonl'));
    const reversed = await convert({ inputs: names.reverse().map((name) => path.join(sessions, name)), format: 'jsonl', outDir: path.join(dir, 'reversed'), anonymize: MACHINE });
    expect(reversed.anonymized).toBe(true);
    const records = (out: string) => readFileSync(path.join(out, 'trajectories.jsonl'), 'utf8').replace(/"source_path":"[^"]*"/g, '');
    expect(records(path.join(dir, 'reversed'))).toBe(records(first.out));
  });

  it('names duplicate files in the report by their anonymized paths', async () => {
    // The converting user's own tree: the same session in sessions/ and archived_sessions/.
    const home = path.join(dir, 'home-of-converter');
    const name = readdirSync(SHELL_OK).find((file) => file.startsWith('rollout-'))!;
    for (const sub of ['sessions', 'archived_sessions']) {
      mkdirSync(path.join(home, '.codex', sub), { recursive: true });
      writeFileSync(path.join(home, '.codex', sub, name), readFileSync(path.join(SHELL_OK, name)));
    }
    const machine = { homeDir: home, userName: 'converter' };
    const report = await convert({ inputs: [path.join(home, '.codex')], format: 'jsonl', outDir: path.join(dir, 'out-duplicates'), anonymize: machine });
    expect(report.duplicates).toHaveLength(1);
    expect(report.duplicates[0]!.used).toBe(`~/.codex/archived_sessions/${name}`);
    expect(report.duplicates[0]!.skipped).toEqual([`~/.codex/sessions/${name}`]);
    expect(readFileSync(path.join(dir, 'out-duplicates', 'manifest.json'), 'utf8')).not.toContain(home);
  });
});
