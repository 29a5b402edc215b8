/**
 * The file changes of an apply_patch call, read from the patch text (Codex's
 * patch grammar: `*** Add File: p`, `*** Delete File: p`, `*** Update File: p`
 * optionally followed by `*** Move to: q`). Paths are resolved against the
 * working directory, as Codex's PatchApplyBegin event reported them.
 */
import path from 'node:path';
import type { FileChange } from '../codex/event-msg.js';

const HEADER = /^\*\*\* (Add|Delete|Update) File: (.+)$/;
const MOVE_TO = /^\*\*\* Move to: (.+)$/;

export function parsePatchChanges(patch: string, cwd: string | null): Record<string, FileChange> {
  const changes: Record<string, FileChange> = {};
  let current: { path: string; kind: string; body: string[]; movePath: string | null } | null = null;
  const flush = () => {
    if (!current) return;
    const body = current.body.join('\n');
    if (current.kind === 'Add') changes[current.path] = { add: { content: body } };
    else if (current.kind === 'Delete') changes[current.path] = { delete: { content: '' } };
    else changes[current.path] = { update: { unified_diff: body, move_path: current.movePath } };
    current = null;
  };
  for (const line of patch.split('\n')) {
    const header = HEADER.exec(line.trimEnd());
    if (header) {
      flush();
      current = { kind: header[1] ?? 'Update', path: resolvePath(header[2] ?? '', cwd), body: [], movePath: null };
      continue;
    }
    if (!current) continue;
    const move = MOVE_TO.exec(line.trimEnd());
    if (move) current.movePath = resolvePath(move[1] ?? '', cwd);
    else if (!line.startsWith('*** End Patch')) current.body.push(current.kind === 'Add' ? line.replace(/^\+/, '') : line);
  }
  flush();
  return changes;
}

function resolvePath(file: string, cwd: string | null): string {
  const trimmed = file.trim();
  return cwd && !path.posix.isAbsolute(trimmed) ? path.posix.join(cwd, trimmed) : trimmed;
}

/**
 * Persisted FileChange maps come internally tagged (`{type: "add", content}`, 2026)
 * or externally tagged (`{add: {content}}`); both become the translator's form.
 */
export function normalizeFileChanges(changes: unknown): Record<string, FileChange> {
  const out: Record<string, FileChange> = {};
  if (typeof changes !== 'object' || changes === null) return out;
  for (const [file, raw] of Object.entries(changes as Record<string, unknown>)) {
    const change = (raw ?? {}) as Record<string, unknown>;
    const kind = typeof change.type === 'string' ? change.type : Object.keys(change)[0];
    const inner = (typeof change.type === 'string' ? change : change[kind ?? '']) as Record<string, unknown> | undefined;
    if (kind === 'add') out[file] = { add: { content: String(inner?.content ?? '') } };
    else if (kind === 'delete') out[file] = { delete: { content: String(inner?.content ?? '') } };
    else {
      const movePath = inner?.move_path;
      out[file] = { update: { unified_diff: String(inner?.unified_diff ?? ''), move_path: typeof movePath === 'string' ? movePath : null } };
    }
  }
  return out;
}

/** Codex refused the patch before applying anything: no PatchApply events were emitted. */
export function isPatchRejected(output: string): boolean {
  return /^(apply_patch verification failed|invalid patch|Invalid patch|patch rejected|unsupported call)/.test(output.trimStart());
}

/** A patch applied cleanly (`Success. Updated the following files:`) or reported exit code 0. */
export function isPatchSuccess(body: string, exitCode: number | null): boolean {
  if (exitCode !== null) return exitCode === 0;
  return /^Success\./m.test(body);
}
