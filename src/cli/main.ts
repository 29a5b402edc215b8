/**
 * The command-line entry: dispatches to the subcommands and maps outcomes to exit
 * codes (0 success, 1 failed input, invalid data, an output error or a bug, 2 usage
 * error). Commands return their exit code; they never call process.exit themselves.
 */
import { runCommand, type ArgsDef, type CommandDef } from 'citty';
import { readToolVersion } from '../schema/version.js';
import { renderHelp, type HelpStyle } from './help.js';
import { type CliIo, writeLine } from './io.js';
import { normalizeFlags } from './normalize-flags.js';
import { terminalStyle } from './output-style.js';
import { UsageError } from './usage-error.js';

const VERSION = readToolVersion();

const mainCommand = defineMain({
  meta: { name: 'rollout-kit', version: VERSION, description: 'Turn Codex CLI session rollouts into RL trajectory datasets' },
  // Loaded on demand: each command's dependencies (Arrow, ajv) take a while to load.
  subCommands: {
    convert: () => import('./convert-command.js').then((m) => m.convertCommand),
    merge: () => import('./merge-command.js').then((m) => m.mergeCommand),
    validate: () => import('./validate-command.js').then((m) => m.validateCommand),
    stats: () => import('./stats-command.js').then((m) => m.statsCommand),
    inspect: () => import('./inspect-command.js').then((m) => m.inspectCommand),
    schema: () => import('./schema-command.js').then((m) => m.schemaCommand),
  },
});

function defineMain(def: CommandDef): CommandDef {
  return def;
}

/** When help goes to a pipe or a file, or NO_COLOR is set (any value but empty), it is plain text. */
export function helpStyle(io: CliIo): HelpStyle {
  return terminalStyle(io);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const subCommands = (mainCommand.subCommands ?? {}) as Record<string, () => Promise<CommandDef>>;
  if (name === undefined || name === '--help' || name === '-h') {
    writeLine(io.stdout, await renderHelp(mainCommand, undefined, helpStyle(io)));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    writeLine(io.stdout, VERSION);
    return 0;
  }
  const load = Object.hasOwn(subCommands, name) ? subCommands[name] : undefined;
  const command = load ? await load() : undefined;
  if (!command) {
    writeLine(io.stderr, `error: unknown command "${name}"; commands: ${Object.keys(subCommands).join(', ')}`);
    return 2;
  }
  const endOfFlags = rest.indexOf('--');
  const flags = endOfFlags === -1 ? rest : rest.slice(0, endOfFlags);
  if (flags.includes('--help') || flags.includes('-h')) {
    writeLine(io.stdout, await renderHelp(command, mainCommand, helpStyle(io)));
    return 0;
  }
  try {
    const args = (await resolveArgs(command)) ?? {};
    const { result } = await runCommand(command, { rawArgs: normalizeFlags(rest, args, name), data: { io } });
    return typeof result === 'number' ? result : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'CLIError') {
      writeLine(io.stderr, `error: ${(error as Error).message}`);
      return 2;
    }
    writeLine(io.stderr, describeInternalError(error, io.env));
    return 1;
  }
}

/**
 * A bug, in one line (exit code 1): no stack trace reaches a user unless they ask for it
 * with ROLLOUT_KIT_DEBUG=1.
 */
export function describeInternalError(error: unknown, env: Record<string, string | undefined>): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (env.ROLLOUT_KIT_DEBUG) return `internal error: ${error instanceof Error ? (error.stack ?? message) : message}`;
  const firstLine = message.split('\n')[0] ?? '';
  return `error: internal error (${firstLine}); please report it with the command that caused it (ROLLOUT_KIT_DEBUG=1 prints the details)`;
}

async function resolveArgs(command: CommandDef): Promise<ArgsDef | undefined> {
  const args = command.args;
  return typeof args === 'function' ? await args() : await args;
}
