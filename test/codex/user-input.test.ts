/**
 * Which user-role messages are the user's input: by the provenance late-2026 files record
 * per content part, else by the text's leading tag (docs/format.md §8).
 */
import { describe, expect, it } from 'vitest';
import { extractUserInput } from '../../src/codex/user-input.js';
import type { MessageItem } from '../../src/rollout/response-item.js';

function message(texts: string[], provenance?: string[]): MessageItem {
  return {
    type: 'message',
    role: 'user',
    content: texts.map((text) => ({ type: 'input_text', text })),
    ...(provenance ? { internal_chat_message_metadata_passthrough: { turn_id: 't1', content_item_metadata: provenance.map((type) => ({ provenance: { type } })) } } : {}),
  };
}

describe('extractUserInput', () => {
  it('without provenance, an injected block is told by its leading tag', () => {
    expect(extractUserInput(message(['<environment_context>\n  <cwd>/w</cwd>\n</environment_context>']))).toBeNull();
    expect(extractUserInput(message(['Fix the build.']))).toEqual({ text: 'Fix the build.', images: [] });
  });

  it('a harness block with a tag the text rules do not know is context, not a prompt', () => {
    expect(extractUserInput(message(['<apps_instructions>\nUse the calendar app.\n</apps_instructions>']))).not.toBeNull();
    expect(extractUserInput(message(['<apps_instructions>\nUse the calendar app.\n</apps_instructions>'], ['harness']))).toBeNull();
  });

  it('text the user wrote is input even when it starts like an injected block', () => {
    const pasted = '<environment_context> is what Codex sends; why is mine empty?';
    expect(extractUserInput(message([pasted]))).toBeNull();
    expect(extractUserInput(message([pasted], ['user']))).toEqual({ text: pasted, images: [] });
  });

  it('provenance that does not cover every part is ignored', () => {
    expect(extractUserInput({ ...message(['Fix the build.'], ['user']), content: [] })).toBeNull();
    const partial = message(['<environment_context>x</environment_context>', 'Fix it.'], ['harness']);
    expect(extractUserInput(partial)).toBeNull();
  });
});
