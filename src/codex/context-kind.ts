/**
 * What kind of context Codex injected in a developer or user-role message part
 * (docs/format.md §8): the model saw it, the user did not write it. The kind is the
 * part's leading tag, named the way Codex names the block; untagged developer text
 * is `developer`, and the base instructions repeated as a developer message (0.169+
 * code mode) are `base_instructions`.
 */
const AGENTS_MD_PREFIX = '# AGENTS.md instructions for ';
const LEADING_TAG = /^<([a-z_][a-z0-9_ -]*)>/i;

export function contextKindOf(text: string, role: string, baseInstructions: string | null): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith(AGENTS_MD_PREFIX)) return 'agents_md';
  const tag = LEADING_TAG.exec(trimmed)?.[1];
  if (tag) return tag.trim().replace(/[ -]+/g, '_').toLowerCase();
  if (baseInstructions !== null && text === baseInstructions) return 'base_instructions';
  return role === 'developer' ? 'developer' : 'context';
}

/** `# AGENTS.md instructions for <dir>\n\n<INSTRUCTIONS>\n...\n</INSTRUCTIONS>`: the user instructions it carries. */
const AGENTS_MD_BODY = /^# AGENTS\.md instructions for [^\n]*\n\n<INSTRUCTIONS>\n([\s\S]*)\n<\/INSTRUCTIONS>\s*$/;

/**
 * The user instructions of an AGENTS.md context message, else null. Up to 0.80 the session
 * header also held them as `instructions`; a migrated file lost that field but kept this message.
 */
export function agentsMdInstructionsOf(text: string): string | null {
  return AGENTS_MD_BODY.exec(text)?.[1] ?? null;
}
