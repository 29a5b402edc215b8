/**
 * `inspect` on real rollouts: reviewed snapshots of the one-screen view and of the folded
 * transcript (oracle fixtures), the links of a session graph found around a file or by id,
 * a lookup in the default session store, and one-line errors.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCollecting } from '../cli/cli-io.js';
import { listRolloutFiles, REPO_ROOT } from '../trajectory/convert-records.js';

const relative = (dir: string) => listRolloutFiles(dir)[0]!;
const PARENT = '019e0a10-1111-7a00-8000-00000000a001';
const CHILD = '019e0a10-2222-7b00-8000-00000000c002';

let codexHome: string;
beforeAll(() => {
  codexHome = mkdtempSync(path.join(tmpdir(), 'rk-inspect-'));
  mkdirSync(path.join(codexHome, 'sessions/2026/07/13'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'fixtures/graph/desktop-forked-subagent'), path.join(codexHome, 'sessions/2026/07/13'), { recursive: true });
});
afterAll(() => rmSync(codexHome, { recursive: true, force: true }));

describe('inspect', () => {
  it('shows an interrupted session on one screen (reviewed snapshot)', async () => {
    const run = await runCliCollecting(['inspect', relative('fixtures/oracle/0.100.0/interrupted')]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
    await expect(run.stdout).toMatchFileSnapshot('snapshots/inspect-interrupted.txt');
  });

  it('prints the transcript with long outputs folded (reviewed snapshot)', async () => {
    const run = await runCliCollecting(['inspect', relative('fixtures/oracle/0.130.0/multi-shell'), '--steps']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/… \d+ more lines \([\d.]+ kB\) folded/);
    await expect(run.stdout).toMatchFileSnapshot('snapshots/inspect-multi-shell-steps.txt');
  });

  it('shows control characters from the rollout as visible escapes, never raw to the terminal', async () => {
    const source = listRolloutFiles('fixtures/oracle/0.130.0/shell-ok')[0]!;
    const hostile = path.join(codexHome, path.basename(source));
    // The command printed a screen clear, a terminal title (OSC ... BEL) and a carriage return.
    const text = readFileSync(path.join(REPO_ROOT, source), 'utf8').replaceAll('Output:\\nhi\\n', 'Output:\\n\\u001b[2J\\u001b]0;pwned\\u0007hi\\r\\n');
    writeFileSync(hostile, text);
    const run = await runCliCollecting(['inspect', hostile, '--steps']);
    expect(run.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(run.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07hi\\x0d');
  });

  it('redacts secrets in the issues it shows, as convert does, unless --no-redact', async () => {
    // An unknown line type is quoted in its issue's message; inspect printed it verbatim.
    const source = listRolloutFiles('fixtures/oracle/0.169.0/message')[0]!;
    const secret = 'ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y';
    const leaky = path.join(codexHome, `leaky-${path.basename(source)}`);
    writeFileSync(leaky, `${readFileSync(path.join(REPO_ROOT, source), 'utf8')}{"timestamp":"2026-01-01T00:00:00Z","type":"${secret}","payload":{}}\n`);
    for (const flags of [[], ['--steps'], ['--json', '--steps']]) {
      const run = await runCliCollecting(['inspect', leaky, ...flags]);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(run.stdout).toContain('[REDACTED:github_token]');
    }
    expect((await runCliCollecting(['inspect', leaky, '--no-redact'])).stdout).toContain(secret);
  });

  it('finds a session by id in a file whose name holds no id', async () => {
    const dir = path.join(codexHome, 'renamed');
    mkdirSync(dir);
    cpSync(path.join(REPO_ROOT, relative('fixtures/graph/desktop-forked-subagent').replace(/[^/]*$/, '')), dir, { recursive: true });
    const [source] = listRolloutFiles('fixtures/graph/desktop-forked-subagent').filter((file) => file.includes(PARENT));
    rmSync(path.join(dir, path.basename(source!)));
    writeFileSync(path.join(dir, 'rollout-renamed.jsonl'), readFileSync(path.join(REPO_ROOT, source!)));
    const run = await runCliCollecting(['inspect', PARENT.slice(0, 13), '--in', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`session ${PARENT}\n`);
  });

  it('finds the children of a file in its directory, and a child by id with its parent', async () => {
    const parent = await runCliCollecting(['inspect', relative('fixtures/graph/desktop-forked-subagent')]);
    expect(parent.stdout).toMatch(new RegExp(`children +${CHILD}\\n`));
    const child = await runCliCollecting(['inspect', CHILD.slice(0, 13), '--in', 'fixtures/graph']);
    expect(child.code).toBe(0);
    expect(child.stdout).toContain(`session ${CHILD}\n`);
    expect(child.stdout).toMatch(new RegExp(`parent +${PARENT}\\n`));
    expect(child.stdout).toMatch(new RegExp(`forked from +${PARENT}\\n`));
    expect(child.stdout).toContain('subagent "Noether" depth 1');
  });

  it('prints JSON for machines: the record fields, relatives, tools and, with --steps, the steps', async () => {
    const run = await runCliCollecting(['inspect', relative('fixtures/graph/desktop-forked-subagent'), '--json', '--steps']);
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as { generation: string; session: { session_id: string; turn_count: number }; relatives: unknown[]; tools: Record<string, number>; steps: { type: string }[] };
    expect(view.generation).toBe('wrapped');
    expect(view.session).toMatchObject({ session_id: PARENT, turn_count: 2 });
    expect(view.relatives).toEqual([{ id: CHILD, path: expect.stringContaining(CHILD), relation: 'child' }]);
    expect(view.tools).toEqual({ shell_command: 2 });
    expect(view.steps.filter((step) => step.type === 'shell_command')).toHaveLength(2);
  });

  it('looks a session id up in $CODEX_HOME/sessions by default', async () => {
    const run = await runCliCollecting(['inspect', PARENT], { CODEX_HOME: codexHome });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`session ${PARENT}\n`);
    expect(run.stdout).toMatch(new RegExp(`children +${CHILD}\\n`));
  });

  it('refuses in one line: no target, a name that is neither, a directory, two targets, an unknown id, an ambiguous one', async () => {
    const cases: [string[], RegExp][] = [
      [['inspect'], /^error: give a rollout file or a session id/],
      [['inspect', 'no-such-file.jsonl'], /^error: no-such-file\.jsonl: no such file, and not a session id\n$/],
      [['inspect', 'fixtures/graph'], /^error: fixtures\/graph is a directory: give one rollout file in it, or a session id with --in fixtures\/graph\n$/],
      [['inspect', '019e0a10-1111', '019e0a10-2222'], /^error: inspect shows one session: give one rollout file or session id \(got 2\)\n$/],
      [['inspect', '01234567', '--in', 'fixtures/graph'], /^error: no session 01234567 in fixtures\/graph \(\d+ rollouts searched\)\n$/],
      [['inspect', '019e0a10', '--in', 'fixtures/graph'], /^error: 019e0a10 names 2 sessions .*; give more of the id\n$/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCliCollecting(argv, { CODEX_HOME: codexHome });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(message);
    }
    // A file that holds no session is bad input: exit 1, saying why.
    const empty = await runCliCollecting(['inspect', 'fixtures/broken/rollout-empty.jsonl']);
    expect(empty).toMatchObject({ code: 1, stderr: 'error: fixtures/broken/rollout-empty.jsonl: holds no session (empty_file: the file holds no line)\n' });
  });
});
