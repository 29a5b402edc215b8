import { stat } from 'node:fs/promises';
import path from 'node:path';
import { defineCommand } from 'citty';
import { discoverInputs } from '../read/discover.js';
import type { InputFile } from '../read/input-file.js';
import { findRelatives, findSessionFiles } from '../stats/find-sessions.js';
import { readSessionRecord } from '../stats/session-record.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { terminalStyle } from './output-style.js';
import { countTools, renderSession } from './render-session.js';
import { renderTranscript } from './render-transcript.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

const args = {
  target: { type: 'positional', required: false, description: 'A rollout file, or a session id (or its first 8+ characters)', valueHint: 'file|session-id' },
  in: { type: 'string', description: 'Where to look for the session and its forks and children (default: the file\'s directory; for an id, $CODEX_HOME/sessions and archived_sessions)', valueHint: 'dir', expects: 'a directory' },
  steps: { type: 'boolean', default: false, description: 'Print the trajectory as a transcript, long outputs folded' },
  json: { type: 'boolean', default: false, description: 'Print the session as JSON: its record fields, generation, relatives, tools, issues (and steps with --steps)' },
  redact: { type: 'boolean', default: true, description: 'Redact secrets in what is shown, as convert does; --no-redact shows them' },
} as const;

/** A session id as Codex writes it (a UUID), or its start. */
const SESSION_ID_PREFIX = /^[0-9a-f-]{8,36}$/i;

export const inspectCommand = defineCommand({
  meta: { name: 'inspect', description: 'Show one session: version, model, links, turns, tools, issues; --steps for its transcript' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'inspect');
    const targets = parsed._.map(String);
    const target = targets[0];
    if (target === undefined) throw new UsageError('give a rollout file or a session id, e.g. `rollout-kit inspect 019e0a10-1111-7a00-8000-00000000a001`');
    if (targets.length > 1) throw new UsageError(`inspect shows one session: give one rollout file or session id (got ${targets.length})`);
    const discover = { cwd: io.cwd, env: io.env };
    const searchIn = parsed.in === undefined ? [] : [parsed.in];
    const kind = await stat(path.resolve(io.cwd, target)).then((stats) => (stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other'), () => 'missing');
    if (kind === 'directory') throw new UsageError(`${target} is a directory: give one rollout file in it, or a session id with --in ${target}`);
    const isFile = kind === 'file';
    let file: InputFile;
    let tree: readonly InputFile[];
    if (isFile) {
      file = (await discoverInputs([target], discover)).files[0]!;
      tree = (await discoverInputs(searchIn.length > 0 ? searchIn : [path.dirname(target)], discover)).files;
    } else {
      if (!SESSION_ID_PREFIX.test(target)) throw new UsageError(`${target}: no such file, and not a session id`);
      const found = await findSessionFiles(target, searchIn, discover).catch((error: unknown) => {
        throw new UsageError(`cannot search ${searchIn[0] ?? 'the Codex session stores'}: ${(error as Error).message.split('\n')[0]}`);
      });
      if (found.files.length === 0) throw new UsageError(`no session ${target} in ${searchIn[0] ?? 'the Codex session stores'} (${found.searched.length} rollouts searched)${searchIn.length === 0 ? '; give --in DIR' : ''}`);
      if (found.files.length > 1 && !sameSession(found.files)) {
        throw new UsageError(`${target} names ${found.files.length} sessions (${found.files.slice(0, 3).map((candidate) => candidate.path).join(', ')}${found.files.length > 3 ? ', ...' : ''}); give more of the id`);
      }
      file = found.files[0]!;
      tree = found.searched;
    }
    const session = await readSessionRecord(file, { redact: parsed.redact !== false });
    if (session.summary === null) {
      const why = session.issues[0];
      writeLine(io.stderr, `error: ${file.path}: holds no session${why ? ` (${why.line === null ? '' : `line ${why.line}: `}${why.code}: ${why.message})` : ''}`);
      return 1;
    }
    const relatives = await findRelatives(session.summary.session_id, tree);
    const view = { ...session, summary: session.summary, path: file.path, relatives };
    if (parsed.json) {
      const { steps, summary, ...rest } = view;
      writeLine(io.stdout, JSON.stringify({ ...rest, session: summary, tools: Object.fromEntries(countTools(view)), ...(parsed.steps ? { steps } : {}) }, null, 2));
      return 0;
    }
    const style = terminalStyle(io);
    writeLine(io.stdout, renderSession(view, style));
    if (parsed.steps) writeLine(io.stdout, `\n${renderTranscript(view, style)}`);
    return 0;
  },
});

/** Copies of one session (a plain and an archived file) share the UUID at the end of their names. */
function sameSession(files: readonly InputFile[]): boolean {
  const ids = files.map((file) => /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json/i.exec(file.path)?.[1]?.toLowerCase());
  return ids.every((id) => id !== undefined && id === ids[0]);
}
