/**
 * Which user-role messages are real user input. Codex injects context as
 * user-role messages too (AGENTS.md, environment context, skills, abort notes);
 * those are not prompts (docs/format.md §8).
 */
import type { MessageItem } from '../rollout/response-item.js';

const CONTEXTUAL_PREFIXES = [
  '# AGENTS.md instructions for ',
  '<user_instructions>',
  '<environment_context>',
  '<skill>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<subagent_notification>',
  '<context_update>',
  '<permissions instructions>',
  '<collaboration_mode>',
  '<personality_spec>',
];

/** IDE-originated prompts carry a preamble; only the text after this marker is the request. */
const USER_REQUEST_MARKER = '## My request for Codex:';

/** Image attachments are wrapped as `<image name=[Image #1]>`, the image, `</image>`. */
const IMAGE_WRAPPER = /^<\/?image\b[^>]*>$/;

export function isContextualText(text: string): boolean {
  const trimmed = text.trimStart();
  return CONTEXTUAL_PREFIXES.some((prefix) => trimmed.startsWith(prefix));
}

/** The `<turn_aborted>` note Codex writes into the history after an interrupted turn. */
export function isTurnAbortedNote(message: MessageItem): boolean {
  return message.content.some((part) => part.text?.trimStart().startsWith('<turn_aborted>') ?? false);
}

export type UserInput = { text: string; images: string[] };

/**
 * Who wrote each part of a message, where the file says so: late-2026 files carry
 * `internal_chat_message_metadata_passthrough.content_item_metadata[i].provenance.type`
 * (`user`, `harness`, `skills`, `tool`, ...), one entry per content part. Null when absent
 * or not one per part.
 */
function partProvenance(message: MessageItem): (string | null)[] | null {
  const passthrough = (message as { internal_chat_message_metadata_passthrough?: unknown }).internal_chat_message_metadata_passthrough;
  if (typeof passthrough !== 'object' || passthrough === null) return null;
  const metadata = (passthrough as { content_item_metadata?: unknown }).content_item_metadata;
  if (!Array.isArray(metadata) || metadata.length !== message.content.length) return null;
  return metadata.map((entry: unknown) => {
    const provenance = typeof entry === 'object' && entry !== null ? (entry as { provenance?: { type?: unknown } }).provenance : undefined;
    return typeof provenance?.type === 'string' ? provenance.type : null;
  });
}

/**
 * The real user input of a user-role message, or null when it is injected context.
 * Where every part's provenance is recorded, it decides: only a message the user wrote is
 * input, whatever its text looks like. Otherwise the text's leading tag does (§8).
 */
export function extractUserInput(message: MessageItem): UserInput | null {
  const provenance = partProvenance(message);
  if (provenance !== null && !provenance.includes('user')) return null;
  const writtenByUser = provenance !== null && provenance.every((type) => type === 'user');
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of message.content) {
    if (part.type === 'input_image' && typeof part.image_url === 'string') images.push(part.image_url);
    else if (part.text !== undefined) {
      if (!writtenByUser && isContextualText(part.text)) return null;
      if (!IMAGE_WRAPPER.test(part.text.trim())) texts.push(part.text);
    }
  }
  if (texts.length === 0 && images.length === 0) return null;
  return { text: stripRequestPreamble(texts.join('\n')), images };
}

function stripRequestPreamble(text: string): string {
  const at = text.lastIndexOf(USER_REQUEST_MARKER);
  return at === -1 ? text : text.slice(at + USER_REQUEST_MARKER.length).trim();
}

/** The text of an assistant message: its output_text parts, joined. */
export function extractAssistantText(message: MessageItem): string {
  let text = '';
  for (const part of message.content) if (part.text !== undefined) text += part.text;
  return text;
}

export type EnvironmentContext = { shell: string | null; cwd: string | null };

const ENVIRONMENT_SHELL = /<shell>([^<]+)<\/shell>/;
const ENVIRONMENT_CWD = /<cwd>([^<]+)<\/cwd>/;

/**
 * The `<environment_context>` Codex injects as a user-role message: the user's shell
 * (string commands run under it) and the working directory. Null for other messages.
 */
export function readEnvironmentContext(message: MessageItem): EnvironmentContext | null {
  if (message.role !== 'user') return null;
  for (const part of message.content) {
    if (part.text === undefined || !part.text.trimStart().startsWith('<environment_context>')) continue;
    return {
      shell: ENVIRONMENT_SHELL.exec(part.text)?.[1]?.trim() || null,
      cwd: ENVIRONMENT_CWD.exec(part.text)?.[1]?.trim() || null,
    };
  }
  return null;
}
