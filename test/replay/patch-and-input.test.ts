import { describe, expect, it } from 'vitest';
import { isPatchRejected, normalizeFileChanges, parsePatchChanges } from '../../src/replay/patch-changes.js';
import { extractUserInput, isContextualText } from '../../src/codex/user-input.js';

describe('parsePatchChanges', () => {
  it('lists added, updated, moved and deleted files, resolved against the cwd', () => {
    const patch = '*** Begin Patch\n*** Add File: added.txt\n+brand new\n*** Update File: update_me.txt\n*** Move to: moved.txt\n@@\n-a\n+b\n*** Delete File: /abs/delete_me.txt\n*** End Patch';
    const changes = parsePatchChanges(patch, '/home/user/project');
    expect(Object.keys(changes)).toEqual(['/home/user/project/added.txt', '/home/user/project/update_me.txt', '/abs/delete_me.txt']);
    expect(changes['/home/user/project/added.txt']).toEqual({ add: { content: 'brand new' } });
    expect(changes['/home/user/project/update_me.txt']).toEqual({ update: { unified_diff: '@@\n-a\n+b', move_path: '/home/user/project/moved.txt' } });
  });

  it('normalizes both persisted FileChange taggings', () => {
    expect(normalizeFileChanges({ '/a': { type: 'add', content: 'x' }, '/b': { delete: { content: 'y' } } })).toEqual({ '/a': { add: { content: 'x' } }, '/b': { delete: { content: 'y' } } });
  });

  it('knows a verification failure applied nothing', () => {
    expect(isPatchRejected('apply_patch verification failed: Failed to read file to update /home/user/project/missing.txt')).toBe(true);
    expect(isPatchRejected('Success. Updated the following files:\nA added.txt\n')).toBe(false);
  });
});

describe('user input', () => {
  const message = (...texts: string[]) => ({ type: 'message' as const, role: 'user', content: texts.map((text) => ({ type: 'input_text', text })) });

  it('treats injected context as no prompt', () => {
    expect(extractUserInput(message('<environment_context>\n  <cwd>/w</cwd>\n</environment_context>'))).toBeNull();
    expect(extractUserInput(message('# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>x</INSTRUCTIONS>'))).toBeNull();
    expect(isContextualText('<turn_aborted>\nThe user interrupted')).toBe(true);
  });

  it('keeps the request after an IDE preamble and drops image wrappers', () => {
    expect(extractUserInput(message('context...\n## My request for Codex:\nfix the bug'))?.text).toBe('fix the bug');
    const withImage = { type: 'message' as const, role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_text', text: '<image name=[Image #1]>' }, { type: 'input_image', image_url: 'data:x' }, { type: 'input_text', text: '</image>' }] };
    expect(extractUserInput(withImage)).toEqual({ text: 'look', images: ['data:x'] });
  });
});
