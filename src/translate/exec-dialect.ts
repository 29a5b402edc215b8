/**
 * Exec dialects: how the `codex exec --json` translator itself changed between Codex versions,
 * as opposed to what the rollouts contain. Every row was read off the real exec output of the
 * oracle corpus (same scripted session, one codex binary per version); rows marked "source"
 * are not visible in the corpus and follow the upstream translator source of that era.
 *
 * | dialect    | first seen | what changes (on top of the row above)                                         |
 * |------------|------------|--------------------------------------------------------------------------------|
 * | exec-0.47  | 0.47.0     | `exit_code` left out while null; mcp_tool_call items are {server, tool, status} |
 * | exec-0.58  | 0.58.0     | SEED (upstream tests): `exit_code: null`; mcp items add arguments/result/error  |
 * | exec-0.80  | 0.80.0     | stream_error prints `message (additional_details)`                              |
 * | exec-0.100 | 0.100.0    | web_search: item.started {id dup, query:"", action:{type:"other"}} at begin,   |
 * |            |            |   item.completed adds the search id (2nd "id" key) and action;                 |
 * |            |            |   (source) commands still running at task_complete are completed, exit_code null|
 * | exec-0.130 | 0.130.0    | file_change: item.started (status in_progress) at patch begin, changes sorted   |
 * |            |            |   by path; web_search item.started carries the full query and action;           |
 * |            |            |   usage adds reasoning_output_tokens; warnings no longer print error items;     |
 * |            |            |   (source) empty reasoning dropped, declined/failed command status taken from   |
 * |            |            |   the end event, declined patch -> failed, error details appended, todo list    |
 * |            |            |   and running commands closed on turn_aborted                                   |
 * | exec-0.169 | 0.169.0    | usage adds cache_write_input_tokens (after cached_input_tokens)                 |
 *
 * Versions between two observed labels get the older label's dialect. Codex before 0.44
 * printed a different stream (`{id, msg}` events, or `item_type` items) that no dialect here
 * reproduces; execDialectFor gives them exec-0.47.
 */

import { compareCodexVersions, parseCodexVersion } from '../codex/codex-version.js';

/** Optional usage keys of turn.completed, in the order exec prints them. */
type ExtraUsageKey = 'cache_write_input_tokens' | 'reasoning_output_tokens';

export type ExecDialect = {
  readonly name: string;
  /** The first Codex version observed printing this dialect. */
  readonly since: string;
  /** 'omit': serde skipped a null `exit_code` (0.47). */
  readonly nullExitCode: 'print' | 'omit';
  /** 'minimal': mcp_tool_call items carry only server, tool and status (0.47). */
  readonly mcpItemFields: 'minimal' | 'full';
  /**
   * How `additional_details` of error events is shown: 'none'; 'stream-errors' (stream_error
   * only, when not blank); 'all' (error and stream_error, when not empty).
   */
  readonly errorDetails: 'none' | 'stream-errors' | 'all';
  /**
   * 'completed-only': web_search_end -> item.completed {query}.
   * 'placeholder-started': begin -> item.started {query:"", action other}; end -> item.completed.
   * 'full-started': begin -> item.started with the query and action it carries; an end without
   *   a begin prints the started/completed pair itself.
   */
  readonly webSearch: 'completed-only' | 'placeholder-started' | 'full-started';
  /** file_change gets item.started at patch_apply_begin (the id is allocated then), changes sorted by path. */
  readonly fileChangeStarted: boolean;
  /** Extra usage keys turn.completed carries. */
  readonly usageKeys: readonly ExtraUsageKey[];
  /** `warning` events print an `error` item. */
  readonly warningItems: boolean;
  /** Reasoning whose text is blank prints nothing. */
  readonly skipEmptyReasoning: boolean;
  /** exec_command_end `status` (declined, failed) wins over the exit code. */
  readonly commandStatusFromEvent: boolean;
  /** task_complete completes commands that never ended (exit_code null, status completed). */
  readonly completeRunningCommands: boolean;
  /** turn_aborted completes the todo list and running commands (no turn event). */
  readonly closeItemsOnAbort: boolean;
};

const EXEC_0_47: ExecDialect = {
  name: 'exec-0.47',
  since: '0.47.0',
  nullExitCode: 'omit',
  mcpItemFields: 'minimal',
  errorDetails: 'none',
  webSearch: 'completed-only',
  fileChangeStarted: false,
  usageKeys: [],
  warningItems: true,
  skipEmptyReasoning: false,
  commandStatusFromEvent: false,
  completeRunningCommands: false,
  closeItemsOnAbort: false,
};

const EXEC_0_58: ExecDialect = { ...EXEC_0_47, name: 'exec-0.58', since: '0.58.0', nullExitCode: 'print', mcpItemFields: 'full' };

const EXEC_0_80: ExecDialect = { ...EXEC_0_58, name: 'exec-0.80', since: '0.80.0', errorDetails: 'stream-errors' };

const EXEC_0_100: ExecDialect = {
  ...EXEC_0_80,
  name: 'exec-0.100',
  since: '0.100.0',
  webSearch: 'placeholder-started',
  completeRunningCommands: true,
};

const EXEC_0_130: ExecDialect = {
  ...EXEC_0_100,
  name: 'exec-0.130',
  since: '0.130.0',
  errorDetails: 'all',
  webSearch: 'full-started',
  fileChangeStarted: true,
  usageKeys: ['reasoning_output_tokens'],
  warningItems: false,
  skipEmptyReasoning: true,
  commandStatusFromEvent: true,
  closeItemsOnAbort: true,
};

const EXEC_0_169: ExecDialect = {
  ...EXEC_0_130,
  name: 'exec-0.169',
  since: '0.169.0',
  usageKeys: ['cache_write_input_tokens', 'reasoning_output_tokens'],
};

/** Every dialect, oldest first. */
export const EXEC_DIALECTS: readonly ExecDialect[] = [EXEC_0_47, EXEC_0_58, EXEC_0_80, EXEC_0_100, EXEC_0_130, EXEC_0_169];

/** The dialect of the upstream translator test suite (seeds); the EventProcessor default. */
export const SEED_EXEC_DIALECT: ExecDialect = EXEC_0_58;

/**
 * The dialect `codex exec --json` of this Codex version printed (`session_meta.cli_version`).
 * Unknown or unparseable versions get the seed dialect.
 */
export function execDialectFor(cliVersion: string | null | undefined): ExecDialect {
  const version = parseCodexVersion(cliVersion);
  if (!version) return SEED_EXEC_DIALECT;
  let chosen = EXEC_0_47;
  for (const dialect of EXEC_DIALECTS) {
    const since = parseCodexVersion(dialect.since);
    if (since && compareCodexVersions(version, since) >= 0) chosen = dialect;
  }
  return chosen;
}
