/**
 * The Codex versions the synthetic corpus imitates, each with the line shapes its real rollouts
 * have (see the oracle corpus: 0.58.0, 0.80.0, 0.100.0, 0.130.0 and 0.169.0 with gpt-5.5).
 * They differ in exactly the ways a converter must handle: the shell tool and its output
 * encoding, how MCP tools are named, which events are persisted, and the 2026 envelope.
 */
export type DialectName = '0.58.0' | '0.80.0' | '0.100.0' | '0.130.0' | '0.169.0';

export type Dialect = {
  name: DialectName;
  model: string;
  /**
   * `shell`: argv array, output is JSON text `{"output","metadata":{"exit_code"}}`;
   * `shell_command`: one string, output `Exit code: N\nWall time: ...\nOutput:\n...`;
   * `exec_command`: unified exec, output `Chunk ID: ...\nProcess exited with code N\n...`.
   */
  shellTool: 'shell' | 'shell_command' | 'exec_command';
  /**
   * `flat`: `mcp__server__tool` function names; `namespace-trailing`: `namespace: "mcp__server__"`
   * plus `name: "tool"` (0.130); `tool-search`: deferred tools found through a
   * `tool_search_call` and called as `namespace: "mcp__server"` (0.169 + gpt-5.5).
   */
  mcpNaming: 'flat' | 'namespace-trailing' | 'tool-search';
  /** session_meta carries `base_instructions: {text}` (0.100+) instead of `instructions`. */
  baseInstructions: boolean;
  /** `ordinal` on every line, `metadata` on response items, paginated history (0.169). */
  paginated: boolean;
  /** task_started / task_complete events are persisted (0.100+). */
  taskEvents: boolean;
  /** patch_apply_end / mcp_tool_call_end / web_search_end are persisted (0.130). */
  endEvents: boolean;
  /** apply_patch output wrapped in `{"output","metadata"}` JSON (before 0.169). */
  applyPatchJsonOutput: boolean;
  /** Skills listed in a developer message rather than in the AGENTS.md user message (0.130+). */
  skillsInDeveloperMessage: boolean;
  /** turn_context repeats `user_instructions` (0.80, 0.100): several KB on every model request. */
  turnContextUserInstructions: boolean;
  /** write_stdin follow-ups exist (unified exec). */
  writeStdin: boolean;
};

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  '0.58.0': {
    name: '0.58.0', model: 'gpt-5-codex', shellTool: 'shell', mcpNaming: 'flat', baseInstructions: false,
    paginated: false, taskEvents: false, endEvents: false, applyPatchJsonOutput: true,
    skillsInDeveloperMessage: false, turnContextUserInstructions: false, writeStdin: false,
  },
  '0.80.0': {
    name: '0.80.0', model: 'gpt-5.1-codex-max', shellTool: 'shell_command', mcpNaming: 'flat', baseInstructions: false,
    paginated: false, taskEvents: false, endEvents: false, applyPatchJsonOutput: true,
    skillsInDeveloperMessage: false, turnContextUserInstructions: true, writeStdin: false,
  },
  '0.100.0': {
    name: '0.100.0', model: 'gpt-5.2-codex', shellTool: 'exec_command', mcpNaming: 'flat', baseInstructions: true,
    paginated: false, taskEvents: true, endEvents: false, applyPatchJsonOutput: true,
    skillsInDeveloperMessage: false, turnContextUserInstructions: true, writeStdin: true,
  },
  '0.130.0': {
    name: '0.130.0', model: 'gpt-5.5', shellTool: 'exec_command', mcpNaming: 'namespace-trailing', baseInstructions: true,
    paginated: false, taskEvents: true, endEvents: true, applyPatchJsonOutput: true,
    skillsInDeveloperMessage: true, turnContextUserInstructions: false, writeStdin: true,
  },
  '0.169.0': {
    name: '0.169.0', model: 'gpt-5.5', shellTool: 'exec_command', mcpNaming: 'tool-search', baseInstructions: true,
    paginated: true, taskEvents: true, endEvents: false, applyPatchJsonOutput: false,
    skillsInDeveloperMessage: true, turnContextUserInstructions: false, writeStdin: true,
  },
};

/** How often each version appears in a multi-session corpus (newer versions dominate). */
export const DIALECT_WEIGHTS: Readonly<Record<DialectName, number>> = {
  '0.58.0': 10,
  '0.80.0': 10,
  '0.100.0': 20,
  '0.130.0': 25,
  '0.169.0': 35,
};
