import { describe, expect, it } from 'vitest';
import { classifyCustomToolCall, classifyFunctionCall, classifyLocalShellCall, patchFromArgv } from '../../src/codex/tool-call.js';

const context = { shell: 'bash' };
const fn = (name: string, args: unknown, namespace?: string) => ({ type: 'function_call' as const, name, arguments: typeof args === 'string' ? args : JSON.stringify(args), call_id: 'c1', ...(namespace ? { namespace } : {}) });

describe('classifyFunctionCall', () => {
  it('shell (argv) keeps the argv as given', () => {
    const call = classifyFunctionCall(fn('shell', { command: ['bash', '-lc', 'echo hi'], workdir: '/w' }), context);
    expect(call.kind).toEqual({ type: 'shell', argv: ['bash', '-lc', 'echo hi'], workdir: '/w' });
    expect(call.arguments).toEqual({ command: ['bash', '-lc', 'echo hi'], workdir: '/w' });
  });

  it('shell_command and exec_command run under the user shell, as Codex reports them', () => {
    expect(classifyFunctionCall(fn('shell_command', { command: 'echo hi' }), context).kind).toEqual({ type: 'shell', argv: ['/bin/bash', '-lc', 'echo hi'], workdir: null });
    expect(classifyFunctionCall(fn('exec_command', { cmd: 'ls', login: false }), { shell: 'zsh' }).kind).toEqual({ type: 'shell', argv: ['/bin/zsh', '-c', 'ls'], workdir: null });
  });

  it('recognises apply_patch sent through the shell (<= 0.40)', () => {
    const call = classifyFunctionCall(fn('shell', { command: ['apply_patch', '*** Begin Patch\n*** End Patch'] }), context);
    expect(call.kind).toEqual({ type: 'apply_patch', patch: '*** Begin Patch\n*** End Patch' });
  });

  it('splits every MCP naming scheme into server and tool', () => {
    expect(classifyFunctionCall(fn('tiny__echo', { text: 'x' }), context).kind).toMatchObject({ type: 'mcp', server: 'tiny', tool: 'echo' });
    expect(classifyFunctionCall(fn('mcp__tiny__echo', { text: 'x' }), context).kind).toMatchObject({ type: 'mcp', server: 'tiny', tool: 'echo' });
    expect(classifyFunctionCall(fn('echo', { text: 'x' }, 'mcp__tiny__'), context).kind).toMatchObject({ type: 'mcp', server: 'tiny', tool: 'echo' });
    expect(classifyFunctionCall(fn('echo', { text: 'x' }, 'mcp__tiny'), context).kind).toMatchObject({ type: 'mcp', server: 'tiny', tool: 'echo', arguments: { text: 'x' } });
  });

  it('reads update_plan steps', () => {
    const call = classifyFunctionCall(fn('update_plan', { explanation: 'go', plan: [{ step: 'a', status: 'completed' }, { step: 'b', status: 'weird' }] }), context);
    expect(call.kind).toEqual({ type: 'plan', explanation: 'go', plan: [{ step: 'a', status: 'completed' }, { step: 'b', status: 'pending' }] });
  });

  it('keeps arguments that are not JSON as the raw string', () => {
    expect(classifyFunctionCall(fn('view_image', '{"path": broken'), context).arguments).toBe('{"path": broken');
  });
});

describe('other call forms', () => {
  it('custom apply_patch and code-mode exec', () => {
    expect(classifyCustomToolCall({ type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch', call_id: 'p' }).kind).toEqual({ type: 'apply_patch', patch: '*** Begin Patch' });
    const exec = classifyCustomToolCall({ type: 'custom_tool_call', name: 'exec', input: 'const r = await tools.exec_command({});', call_id: 'e' });
    expect(exec.kind).toEqual({ type: 'other' });
    expect(exec.arguments).toBe('const r = await tools.exec_command({});');
  });

  it('local_shell_call uses the action argv', () => {
    const call = classifyLocalShellCall({ type: 'local_shell_call', call_id: 'l', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', 'ls'], working_directory: '/w' } });
    expect(call.kind).toEqual({ type: 'shell', argv: ['bash', '-lc', 'ls'], workdir: '/w' });
    expect(call.name).toBe('local_shell');
  });

  it('finds a heredoc patch in a bash script', () => {
    expect(patchFromArgv(['bash', '-lc', "apply_patch <<'EOF'\n*** Begin Patch\n*** End Patch\nEOF"])).toBe('*** Begin Patch\n*** End Patch');
    expect(patchFromArgv(['bash', '-lc', 'echo apply_patch'])).toBeNull();
  });
});
