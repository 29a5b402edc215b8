/**
 * The recipes in docs/recipes (a GitHub Actions matrix, a Kubernetes Indexed Job) are run as
 * far as this machine allows: every `rollout-kit` command they hold is run as their shell would
 * run it (variables, the matrix value or JOB_COMPLETION_INDEX of each part, globs), on a copy of
 * the oracle corpus, and the merged dataset must be the one a single convert writes. Unknown
 * flags would fail the commands (exit 2); the part counts the files repeat must agree.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createTempDir } from '../read/temp-dir.js';
import { createCollector, REPO_ROOT } from '../trajectory/convert-records.js';

const RECIPES = path.join(REPO_ROOT, 'docs/recipes');
let work: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  work = await createTempDir('recipes');
  cpSync(path.join(REPO_ROOT, 'fixtures/oracle'), path.join(work.path, 'sessions'), { recursive: true });
});
afterAll(() => work.remove(), 60_000);

function readRecipe(name: string): string {
  return readFileSync(path.join(RECIPES, name), 'utf8');
}

/** The recipe's `rollout-kit` command lines, in order. */
function commandsOf(recipe: string): string[] {
  return recipe
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('rollout-kit '));
}

function only(recipe: string, pattern: RegExp): string {
  const matches = [...recipe.matchAll(new RegExp(pattern, 'gm'))].map((match) => match[1]!);
  expect(new Set(matches).size, String(pattern)).toBe(1);
  return matches[0]!;
}

/** Splits a command line into words as sh does for these commands: quotes, $NAME and ${NAME}, and `*` in the last path segment. */
function shellWords(line: string, vars: Record<string, string>, cwd: string): string[] {
  const words: { text: string; glob: boolean }[] = [];
  let current: { text: string; glob: boolean } | null = null;
  let quoted = false;
  const expanded = line.replace(/\$\{([A-Z_]+)\}|\$([A-Z_]+)/g, (_, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (vars[name] === undefined) throw new Error(`the recipe uses $${name}, which the test does not set`);
    return vars[name];
  });
  for (const char of expanded) {
    if (char === '"') {
      quoted = !quoted;
      current ??= { text: '', glob: false };
    } else if (/\s/.test(char) && !quoted) {
      if (current) words.push(current);
      current = null;
    } else {
      current ??= { text: '', glob: false };
      current.text += char;
      if (char === '*' && !quoted) current.glob = true;
    }
  }
  if (current) words.push(current);
  return words.flatMap(({ text, glob }) => {
    if (!glob) return [text];
    const dir = path.dirname(text);
    const name = new RegExp(`^${path.basename(text).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
    const found = readdirSync(path.resolve(cwd, dir)).filter((entry) => !entry.startsWith('.') && name.test(entry)).sort();
    return found.map((entry) => (dir === '.' ? entry : path.join(dir, entry)));
  });
}

/** Runs one recipe command in-process, as the shell in `cwd` would (relative paths against `cwd`). */
async function run(line: string, vars: Record<string, string>, cwd: string): Promise<void> {
  const [program, ...argv] = shellWords(line, vars, cwd);
  expect(program).toBe('rollout-kit');
  const stderr = createCollector();
  const io: CliIo = { stdout: createCollector().stream, stderr: stderr.stream, isTTY: false, env: vars, cwd };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(argv, io);
    // Warnings about damaged inputs of the corpus are expected; an error is not.
    expect(stderr.text(), line).not.toMatch(/^error:/m);
    expect(code, line).toBe(0);
  } finally {
    process.chdir(previous);
  }
}

function readTree(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name))]));
}

/** The dataset one convert over the copied corpus, named as `input` (records keep their source path), writes in `format`. */
async function singleRun(input: string, format: string, name: string): Promise<Map<string, Buffer>> {
  await run(`rollout-kit convert ${input} --format ${format} --out ${name}`, {}, work.path);
  return readTree(path.join(work.path, name));
}

describe('GitHub Actions matrix (docs/recipes/github-actions-partitioned.yml)', () => {
  const recipe = readRecipe('github-actions-partitioned.yml');

  it('runs its convert commands once per matrix part, and its merge gives the single run', async () => {
    const parts = Number(only(recipe, /^ {2}PARTS: (\d+)$/));
    const format = only(recipe, /^ {2}FORMAT: (\S+)$/);
    expect(only(recipe, /^ {8}part: \[([\d, ]+)\]$/)).toBe(Array.from({ length: parts }, (_, i) => i + 1).join(', '));
    const [convert, merge, validate, ...rest] = commandsOf(recipe);
    expect([convert?.split(' ')[1], merge?.split(' ')[1], validate?.split(' ')[1], rest.length]).toEqual(['convert', 'merge', 'validate', 0]);
    const cwd = path.join(work.path, 'github');
    mkdirSync(cwd);
    cpSync(path.join(work.path, 'sessions'), path.join(cwd, only(recipe, /^ {2}SESSIONS: (\S+)$/)), { recursive: true });
    const vars = { PARTS: String(parts), SESSIONS: only(recipe, /^ {2}SESSIONS: (\S+)$/), FORMAT: format };
    // Each matrix job converts its part; download-artifact then puts each part in parts/<artifact name>/.
    for (let part = 1; part <= parts; part += 1) {
      await run(convert!.replaceAll('${{ matrix.part }}', String(part)), vars, cwd);
      mkdirSync(path.join(cwd, 'parts'), { recursive: true });
      cpSync(path.join(cwd, `part-${part}`), path.join(cwd, 'parts', `part-${part}`), { recursive: true });
    }
    await run(merge!, vars, cwd);
    await run(validate!, vars, cwd);
    expect(readTree(path.join(cwd, 'dataset'))).toEqual(await singleRun('sessions', format, 'single-github'));
  });
});

describe('Kubernetes Indexed Job (docs/recipes/kubernetes-indexed-job.yaml)', () => {
  const recipe = readRecipe('kubernetes-indexed-job.yaml');

  it('runs its convert command in every indexed pod, and its merge Job gives the single run', async () => {
    const completions = only(recipe, /^ {2}completions: (\d+)$/);
    expect(only(recipe, /^ {2}parallelism: (\d+)$/)).toBe(completions);
    expect(only(recipe, /^ {14}value: "(\d+)"$/)).toBe(completions);
    expect(recipe).toContain('completionMode: Indexed');
    const [convert, merge, validate, ...rest] = commandsOf(recipe);
    expect([convert?.split(' ')[1], merge?.split(' ')[1], validate?.split(' ')[1], rest.length]).toEqual(['convert', 'merge', 'validate', 0]);
    const format = /--format (\S+)/.exec(convert!)![1]!;
    // The volumes are mounted at /sessions and /output in every pod: here, directories of the test.
    const root = path.join(work.path, 'kubernetes');
    mkdirSync(path.join(root, 'output'), { recursive: true });
    const mounted = (line: string) => line.replaceAll(' /sessions', ` ${work.path}/sessions`).replaceAll('"/output/', `"${root}/output/`).replaceAll(' /output/', ` ${root}/output/`);
    for (let index = 0; index < Number(completions); index += 1) {
      await run(mounted(convert!), { JOB_COMPLETION_INDEX: String(index), ROLLOUT_KIT_PARTITIONS: completions }, root);
    }
    await run(mounted(merge!), {}, root);
    await run(mounted(validate!), {}, root);
    expect(readTree(path.join(root, 'output', 'dataset'))).toEqual(await singleRun(`${work.path}/sessions`, format, 'single-kubernetes'));
  });
});

it('the README shows the recipes as they are in docs/recipes', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  for (const name of ['github-actions-partitioned.yml', 'kubernetes-indexed-job.yaml']) expect(readme).toContain(`\`\`\`yaml\n${readRecipe(name)}\`\`\`\n`);
});
