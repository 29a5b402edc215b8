import { DIALECTS, type DialectName } from './dialects.js';
import type { Random } from './random.js';
import type { TextPools } from './text-pools.js';

/**
 * Text that real rollouts repeat verbatim across sessions: each Codex version's base
 * instructions (about 20 KB, identical in every session of that version), the skills list,
 * the permissions text, and a handful of project AGENTS.md files.
 */
export type SessionText = {
  pools: TextPools;
  baseInstructions: Readonly<Record<DialectName, string>>;
  skills: string;
  permissions: string;
  agentsMd: readonly string[];
  /** A long base64 blob; encrypted reasoning is a slice of it. */
  encryptedBlob: string;
};

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function createSessionText(rng: Random, pools: TextPools): SessionText {
  const baseInstructions = {} as Record<DialectName, string>;
  for (const name of Object.keys(DIALECTS) as DialectName[]) {
    const r = rng.derive(`base-instructions-${name}`);
    baseInstructions[name] =
      'You are Codex, a coding agent. You and the user share one workspace and collaborate until the task is done.\n\n' +
      pools.markdown(r, r.int(19000, 22000));
  }
  const skillsRng = rng.derive('skills');
  const skills = '## Skills\nA skill is a set of local instructions stored in a `SKILL.md` file.\n### Available skills\n' + pools.markdown(skillsRng, 4300);
  const permissions =
    '<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. `sandbox_mode` is `workspace-write`: ' +
    'the sandbox permits reading files, and editing files in `cwd` and `writable_roots`. Network access is restricted.\n' +
    'Approval policy is currently on-request. Commands that need more permissions are escalated with `sandbox_permissions`.\n</permissions instructions>';
  const agentsMd: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = rng.derive(`agents-md-${i}`);
    agentsMd.push(`# Repository guidelines\n\n${pools.markdown(r, r.int(800, 6000))}`);
  }
  const blobRng = rng.derive('encrypted');
  const chars: string[] = [];
  for (let i = 0; i < 65536; i++) chars.push(BASE64[blobRng.int(0, 63)]!);
  const encryptedBlob = chars.join('');
  return { pools, baseInstructions, skills, permissions, agentsMd, encryptedBlob };
}

/** The `<environment_context>` user message of each version. */
export function formatEnvironmentContext(dialect: DialectName, cwd: string, dateIso: string): string {
  const date = dateIso.slice(0, 10);
  switch (dialect) {
    case '0.58.0':
    case '0.80.0':
      return `<environment_context>\n  <cwd>${cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>`;
    case '0.100.0':
      return `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n</environment_context>`;
    case '0.130.0':
      return `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n  <current_date>${date}</current_date>\n  <timezone>Etc/UTC</timezone>\n</environment_context>`;
    case '0.169.0':
      return `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n  <current_date>${date}</current_date>\n  <timezone>Etc/UTC</timezone>\n  <filesystem><workspace_roots><root>${cwd}</root></workspace_roots><permission_profile type="workspace-write"><file_system type="restricted" /></permission_profile></filesystem>\n</environment_context>`;
  }
}
