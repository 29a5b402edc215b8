import type { Random } from './random.js';
import type { SessionLines } from './session-lines.js';
import type { SessionText } from './session-text.js';
import type { OutputKind } from './text-pools.js';

/**
 * One tool use inside a model response, split in two phases because a response can hold
 * several calls (parallel tool calls) whose outputs all come after it.
 */
export type ToolInvocation = {
  /** The model's side: the call item(s), written before the response's token count. */
  call: () => void;
  /** The harness side: events and the output item the model will see. */
  output: () => void;
};

export type ToolKind = 'shell' | 'shell_heredoc' | 'apply_patch' | 'mcp' | 'plan' | 'web_search';

/** Tool state that spans rounds of a session. */
export type ToolState = {
  /** A unified-exec process left running; the next round polls it with write_stdin. */
  runningProcess?: { sessionId: number; kind: OutputKind };
  /** MCP servers whose tools a 0.169 tool_search already loaded. */
  discoveredServers: Set<string>;
};

const MCP_TOOLS = [
  { server: 'github', tool: 'search_issues', args: (r: Random, t: SessionText) => ({ query: `${t.pools.word(r)} ${t.pools.word(r)} is:open`, repo: `acme/${t.pools.identifier(r)}` }) },
  { server: 'github', tool: 'get_file_contents', args: (r: Random, t: SessionText) => ({ owner: 'acme', repo: 'web', path: t.pools.path(r) }) },
  { server: 'context7', tool: 'get-library-docs', args: (r: Random, t: SessionText) => ({ context7CompatibleLibraryID: `/vercel/${t.pools.identifier(r)}`, tokens: r.int(1000, 10000) }) },
  { server: 'playwright', tool: 'browser_snapshot', args: () => ({}) },
  { server: 'linear', tool: 'get_issue', args: (r: Random) => ({ id: `ENG-${r.int(100, 9999)}` }) },
] as const;

const PLAN_STATUSES = ['completed', 'in_progress', 'pending'] as const;

function pickOutputBytes(rng: Random): number {
  // Tool outputs of real sessions range from a line to the ~200 KB the harness lets through.
  return Math.round(rng.logUniform(200, 200_000));
}

function shellCommandFor(rng: Random, text: SessionText, kind: OutputKind): string {
  const path = text.pools.path(rng);
  switch (kind) {
    case 'code': return rng.pick([`sed -n '1,${rng.int(80, 400)}p' ${path}`, `cat ${path}`, `nl -ba ${path} | sed -n '${rng.int(1, 200)},${rng.int(201, 600)}p'`]);
    case 'log': return rng.pick(['npm test 2>&1 | tail -n 300', 'cargo test --workspace', 'pytest -q -x', `npx vitest run ${path}`, 'go test ./... -count=1', 'make build']);
    case 'json': return rng.pick(['cat package.json', `curl -s "http://localhost:8080/api/${text.pools.identifier(rng)}?limit=50" | jq .`, 'npx tsc --showConfig', `jq '.compilerOptions' tsconfig.json`]);
    case 'listing': return rng.pick([`ls -la ${path.split('/')[0]}`, `rg -n "${text.pools.identifier(rng)}" src test`, 'git status --short', "find . -name '*.ts' -not -path './node_modules/*'"]);
    case 'diff': return rng.pick(['git diff', `git show HEAD~${rng.int(1, 5)} -- ${path}`, 'git diff --cached']);
    case 'unicode': return rng.pick([`cat docs/i18n/${rng.pick(['ja', 'de', 'ru', 'zh'])}.md`, `python3 -c "print('héllo wörld ✓')"`]);
  }
}

function pickOutputKind(rng: Random): OutputKind {
  return rng.weighted({ code: 30, log: 25, json: 12, listing: 13, diff: 12, unicode: 8 });
}

function pickExitCode(rng: Random): number {
  return rng.chance(0.85) ? 0 : rng.pick([1, 1, 2, 101, 127]);
}

/** Unified exec caps what it keeps of a command's output in persisted items: middle-truncate. */
function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n…${text.length - max} chars truncated…\n${text.slice(text.length - half)}`;
}

function formatSeconds(rng: Random, digits: number): string {
  return (rng.logUniform(0.005, 120)).toFixed(digits);
}

/** The shell-family call of the session's version, with its version-specific output text. */
function makeShellInvocation(s: SessionLines, text: SessionText, state: ToolState, heredoc: boolean): ToolInvocation {
  const { rng, dialect, cwd } = s;
  const callId = s.newCallId();
  const kind = pickOutputKind(rng);
  let cmd: string;
  let body: string;
  if (heredoc) {
    // Writing a file through the shell: a big argument, an empty output.
    cmd = `cat > ${text.pools.path(rng)} <<'EOF'\n${text.pools.body(rng, 'code', Math.round(rng.logUniform(300, 12_000)))}EOF`;
    body = '';
  } else {
    cmd = shellCommandFor(rng, text, kind);
    body = text.pools.body(rng, kind, pickOutputBytes(rng));
  }
  const exitCode = heredoc ? 0 : pickExitCode(rng);
  const keepsRunning = dialect.writeStdin && !heredoc && state.runningProcess === undefined && rng.chance(0.04);
  const processSessionId = rng.int(1000, 99999);

  let name: string;
  let args: Record<string, unknown>;
  switch (dialect.shellTool) {
    case 'shell':
      name = 'shell';
      args = { command: ['bash', '-lc', cmd], workdir: cwd, timeout_ms: rng.pick([10000, 120000, 600000]) };
      break;
    case 'shell_command':
      name = 'shell_command';
      args = { command: cmd, workdir: cwd, timeout_ms: rng.pick([10000, 120000, 600000]) };
      break;
    case 'exec_command':
      name = 'exec_command';
      args = rng.chance(0.3)
        ? { cmd, workdir: cwd, yield_time_ms: 10000, max_output_tokens: rng.pick([6000, 12000, 20000]) }
        : { cmd, workdir: cwd, yield_time_ms: 10000 };
      break;
  }

  return {
    call: () => {
      s.responseItem({ type: 'function_call', name, arguments: JSON.stringify(args), call_id: callId }, 'fc');
    },
    output: () => {
      s.tick(20, heredoc ? 300 : 30000);
      let output: string;
      switch (dialect.shellTool) {
        case 'shell':
          output = JSON.stringify({ output: body, metadata: { exit_code: exitCode, duration_seconds: Number(formatSeconds(rng, 1)) } });
          break;
        case 'shell_command': {
          const lineCount = body.split('\n').length;
          output = `Exit code: ${exitCode}\nWall time: ${formatSeconds(rng, 1)} seconds\n${lineCount > 256 ? `Total output lines: ${lineCount}\n` : ''}Output:\n${body}`;
          break;
        }
        case 'exec_command': {
          const head = `Chunk ID: ${rng.hex(6)}\nWall time: ${formatSeconds(rng, 4)} seconds\n`;
          const status = keepsRunning ? `Process running with session ID ${processSessionId}` : `Process exited with code ${exitCode}`;
          output = `${head}${status}\nOriginal token count: ${Math.ceil(body.length / 4)}\nOutput:\n${body}`;
          if (keepsRunning) state.runningProcess = { sessionId: processSessionId, kind };
          break;
        }
      }
      if (dialect.paginated) {
        s.itemCompleted({
          type: 'CommandExecution',
          id: callId,
          process_id: String(rng.int(1000, 400000)),
          command: ['/bin/bash', '-lc', cmd],
          cwd: `file://${cwd}`,
          parsed_cmd: [{ type: 'unknown', cmd }],
          source: 'unified_exec_startup',
          status: keepsRunning ? 'in_progress' : exitCode === 0 ? 'completed' : 'failed',
          aggregated_output: truncateMiddle(body, 10_000),
          exit_code: keepsRunning ? null : exitCode,
          duration: { secs: rng.int(0, 30), nanos: rng.int(0, 999_999_999) },
        });
      }
      s.responseItem({ type: 'function_call_output', call_id: callId, output }, dialect.paginated ? 'fco' : undefined, dialect.paginated ? { fallback_token_limit_override: 12000 } : undefined);
      s.contextTokens += Math.ceil(output.length / 4);
    },
  };
}

/** Polls a running unified-exec process (`write_stdin`) until it exits. */
function makeWriteStdinInvocation(s: SessionLines, text: SessionText, state: ToolState): ToolInvocation {
  const { rng } = s;
  const running = state.runningProcess!;
  state.runningProcess = undefined;
  const callId = s.newCallId();
  const body = text.pools.body(rng, running.kind, pickOutputBytes(rng));
  const exitCode = pickExitCode(rng);
  return {
    call: () => {
      s.responseItem({ type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: running.sessionId, chars: '', yield_time_ms: 30000 }), call_id: callId }, 'fc');
    },
    output: () => {
      s.tick(1000, 30000);
      const output = `Chunk ID: ${rng.hex(6)}\nWall time: ${formatSeconds(rng, 4)} seconds\nProcess exited with code ${exitCode}\nOriginal token count: ${Math.ceil(body.length / 4)}\nOutput:\n${body}`;
      s.responseItem({ type: 'function_call_output', call_id: callId, output }, s.dialect.paginated ? 'fco' : undefined);
      s.contextTokens += Math.ceil(output.length / 4);
    },
  };
}

type PatchFile = { op: 'add' | 'update' | 'delete'; path: string; lines: string[] };

function makePatch(rng: Random, text: SessionText): { input: string; files: PatchFile[] } {
  const files: PatchFile[] = [];
  const budget = Math.round(rng.logUniform(300, 30_000));
  const count = rng.int(1, 3);
  const out = ['*** Begin Patch'];
  for (let i = 0; i < count; i++) {
    const op = rng.weighted({ update: 75, add: 20, delete: 5 });
    const path = text.pools.path(rng);
    const lines = text.pools.body(rng, 'code', Math.round(budget / count)).split('\n').slice(0, -1);
    files.push({ op, path, lines });
    if (op === 'add') {
      out.push(`*** Add File: ${path}`, ...lines.map((l) => `+${l}`));
    } else if (op === 'delete') {
      out.push(`*** Delete File: ${path}`);
    } else {
      out.push(`*** Update File: ${path}`);
      for (let at = 0; at < lines.length; ) {
        out.push(`@@ ${rng.chance(0.5) ? text.pools.identifier(rng) : ''}`.trimEnd());
        const hunk = lines.slice(at, at + rng.int(4, 20));
        for (const l of hunk) out.push(rng.pick([' ', ' ', '-', '+']) + l);
        at += hunk.length;
      }
    }
  }
  out.push('*** End Patch');
  return { input: out.join('\n'), files };
}

/** `apply_patch` as a freeform custom tool (GPT-5 family): raw patch text in, summary out. */
function makeApplyPatchInvocation(s: SessionLines, text: SessionText): ToolInvocation {
  const { rng, dialect, cwd } = s;
  const callId = s.newCallId();
  const { input, files } = makePatch(rng, text);
  const ok = rng.chance(0.9);
  const summary = ok
    ? `Success. Updated the following files:\n${files.map((f) => `${f.op === 'add' ? 'A' : f.op === 'delete' ? 'D' : 'M'} ${f.path}`).join('\n')}\n`
    : `apply_patch verification failed: Failed to find expected lines in ${files[0]!.path}:\n${files[0]!.lines.slice(0, 4).join('\n')}`;
  const changes: Record<string, unknown> = {};
  for (const f of files) {
    const abs = `${cwd}/${f.path}`;
    if (f.op === 'add') changes[abs] = { type: 'add', content: `${f.lines.join('\n')}\n` };
    else if (f.op === 'delete') changes[abs] = { type: 'delete', content: `${f.lines.join('\n')}\n` };
    else changes[abs] = { type: 'update', unified_diff: `@@ -1,${f.lines.length} +1,${f.lines.length} @@\n${f.lines.map((l) => ` ${l}`).join('\n')}\n`, move_path: null };
  }
  return {
    call: () => {
      s.responseItem({ type: 'custom_tool_call', status: 'completed', call_id: callId, name: 'apply_patch', input }, 'ctc');
    },
    output: () => {
      s.tick(5, 400);
      if (dialect.endEvents) {
        s.event({ type: 'patch_apply_end', call_id: callId, turn_id: s.turnId, stdout: ok ? summary : '', stderr: ok ? '' : summary, success: ok, changes, status: ok ? 'completed' : 'failed' });
      }
      if (dialect.paginated) {
        s.itemCompleted({ type: 'FileChange', id: callId, changes, status: ok ? 'completed' : 'failed', stdout: ok ? summary : '', stderr: ok ? '' : summary });
      }
      const output = dialect.applyPatchJsonOutput
        ? JSON.stringify({ output: summary, metadata: { exit_code: ok ? 0 : 1, duration_seconds: 0.0 } })
        : `Exit code: ${ok ? 0 : 1}\nWall time: 0 seconds\nOutput:\n${summary}`;
      s.responseItem({ type: 'custom_tool_call_output', call_id: callId, output }, dialect.paginated ? 'ctco' : undefined);
      s.contextTokens += Math.ceil((input.length + output.length) / 4);
    },
  };
}

/** An MCP tool call, named the way each version names MCP tools. */
function makeMcpInvocation(s: SessionLines, text: SessionText, state: ToolState): ToolInvocation {
  const { rng, dialect } = s;
  const spec = rng.pick(MCP_TOOLS);
  const args = spec.args(rng, text);
  const callId = s.newCallId();
  const kind: OutputKind = rng.chance(0.6) ? 'json' : 'unicode';
  const body = text.pools.body(rng, kind, Math.round(rng.logUniform(200, 50_000)));
  const isError = rng.chance(0.05);
  const content = [{ type: 'text', text: body }];
  return {
    call: () => {
      if (dialect.mcpNaming === 'flat') {
        s.responseItem({ type: 'function_call', name: `mcp__${spec.server}__${spec.tool}`, arguments: JSON.stringify(args), call_id: callId });
        return;
      }
      if (dialect.mcpNaming === 'namespace-trailing') {
        s.responseItem({ type: 'function_call', name: spec.tool, namespace: `mcp__${spec.server}__`, arguments: JSON.stringify(args), call_id: callId });
        return;
      }
      if (!state.discoveredServers.has(spec.server)) {
        // Deferred MCP tools (0.169 + gpt-5.5): the model searches for them first.
        state.discoveredServers.add(spec.server);
        const searchId = s.newCallId();
        s.responseItem({ type: 'tool_search_call', call_id: searchId, status: 'completed', execution: 'client', arguments: { query: `${spec.server} ${spec.tool}`, limit: 8 } }, 'tsc');
        s.modelResponse(rng.int(20, 80), rng.int(0, 64));
        s.tick(2, 50);
        s.responseItem({
          type: 'tool_search_output', call_id: searchId, status: 'completed', execution: 'client',
          tools: [{
            type: 'namespace', name: `mcp__${spec.server}`, description: `Tools in the mcp__${spec.server} namespace.`,
            tools: MCP_TOOLS.filter((t) => t.server === spec.server).map((t) => ({
              type: 'function', name: t.tool, description: text.pools.prose(rng, 120), strict: false, defer_loading: true,
              parameters: { type: 'object', properties: { query: { type: 'string', description: 'Search query' } }, required: [] },
            })),
          }],
        }, 'tso');
      }
      s.responseItem({ type: 'function_call', name: spec.tool, namespace: `mcp__${spec.server}`, arguments: JSON.stringify(args), call_id: callId }, 'fc', { user_input_order: 1 });
    },
    output: () => {
      s.tick(50, 5000);
      const duration = { secs: rng.int(0, 5), nanos: rng.int(0, 999_999_999) };
      if (dialect.endEvents) {
        s.event({ type: 'mcp_tool_call_end', call_id: callId, invocation: { server: spec.server, tool: spec.tool, arguments: args }, duration, result: { Ok: { content, isError } } });
      }
      if (dialect.paginated) {
        s.itemCompleted({ type: 'McpToolCall', id: callId, server: spec.server, tool: spec.tool, arguments: args, status: isError ? 'failed' : 'completed', result: { content, isError }, duration });
        s.responseItem({
          type: 'function_call_output', call_id: callId,
          output: [{ type: 'input_text', text: `Wall time: ${formatSeconds(rng, 4)} seconds\nOutput:` }, { type: 'input_text', text: body }],
        }, 'fco', { fallback_token_limit_override: 12000 });
      } else {
        s.responseItem({ type: 'function_call_output', call_id: callId, output: JSON.stringify(content) });
      }
      s.contextTokens += Math.ceil(body.length / 4);
    },
  };
}

function makePlanInvocation(s: SessionLines, text: SessionText): ToolInvocation {
  const { rng } = s;
  const callId = s.newCallId();
  const steps = rng.int(3, 7);
  const done = rng.int(0, steps - 1);
  const plan = [];
  for (let i = 0; i < steps; i++) {
    plan.push({ step: text.pools.prose(rng, rng.int(15, 60)), status: i < done ? PLAN_STATUSES[0] : i === done ? PLAN_STATUSES[1] : PLAN_STATUSES[2] });
  }
  const args = rng.chance(0.6) ? { explanation: text.pools.prose(rng, 60), plan } : { plan };
  return {
    call: () => {
      s.responseItem({ type: 'function_call', name: 'update_plan', arguments: JSON.stringify(args), call_id: callId }, 'fc');
    },
    output: () => {
      s.tick(1, 20);
      s.responseItem({ type: 'function_call_output', call_id: callId, output: 'Plan updated' }, s.dialect.paginated ? 'fco' : undefined);
    },
  };
}

/** A hosted web search: one `web_search_call` item, no output item. */
function makeWebSearchInvocation(s: SessionLines, text: SessionText): ToolInvocation {
  const { rng, dialect } = s;
  const query = `${text.pools.word(rng)} ${text.pools.identifier(rng)} ${rng.pick(['docs', 'release notes', 'example', 'error', 'github issue'])}`;
  const action = { type: 'search', query };
  return {
    call: () => {
      s.tick(500, 4000);
      const wsId = s.newItemId('ws');
      if (dialect.endEvents) s.event({ type: 'web_search_end', call_id: wsId, query, action });
      if (dialect.paginated) {
        s.itemCompleted({ type: 'WebSearch', id: wsId, query, action });
        s.responseItem({ type: 'web_search_call', id: wsId, status: 'completed', action });
      } else {
        s.responseItem({ type: 'web_search_call', status: 'completed', action });
      }
    },
    output: () => {},
  };
}

/** Picks the next tool use of a round, in the mix real sessions show (mostly shell). */
export function makeToolInvocation(s: SessionLines, text: SessionText, state: ToolState): ToolInvocation {
  if (state.runningProcess !== undefined) return makeWriteStdinInvocation(s, text, state);
  const kind: ToolKind = s.rng.weighted({ shell: 62, shell_heredoc: 4, apply_patch: 15, mcp: 8, plan: 6, web_search: 5 });
  switch (kind) {
    case 'shell': return makeShellInvocation(s, text, state, false);
    case 'shell_heredoc': return makeShellInvocation(s, text, state, true);
    case 'apply_patch': return makeApplyPatchInvocation(s, text);
    case 'mcp': return makeMcpInvocation(s, text, state);
    case 'plan': return makePlanInvocation(s, text);
    case 'web_search': return makeWebSearchInvocation(s, text);
  }
}
