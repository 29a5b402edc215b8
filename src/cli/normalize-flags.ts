/**
 * Reads a command line before citty does, so that every mistake is one clear usage error.
 * citty (through node:util parseArgs) takes `--shard-rows -5` for a flag without a value
 * followed by an unknown option `-5`, and `--shard-rows` at the end for an empty string.
 * Here every flag is resolved to its long name and every value flag is joined with its
 * value (`--shard-rows=-5`), a negative number included, so the command sees what the user
 * meant and can say what is wrong with the value itself.
 */
import type { ArgsDef } from 'citty';
import { UsageError } from './usage-error.js';

type FlagDef = { type?: string; alias?: string | string[]; valueHint?: string; expects?: string };

/** A value flag's `expects` (or its value hint): what the messages say it takes. */
export function flagExpects(name: string, def: FlagDef): string {
  return def.expects ?? (def.valueHint ? `<${def.valueHint}>` : 'a value');
}

/**
 * Returns `rawArgs` with every flag in its long form (`--out=dir`, `--quiet`); throws a
 * UsageError for an unknown flag or a value flag without its value.
 */
export function normalizeFlags(rawArgs: readonly string[], args: ArgsDef, command: string): string[] {
  const byName = new Map<string, [string, FlagDef]>();
  for (const [name, def] of Object.entries(args) as [string, FlagDef][]) {
    if (def.type === 'positional') continue;
    byName.set(name, [name, def]);
    const aliases = def.alias === undefined ? [] : Array.isArray(def.alias) ? def.alias : [def.alias];
    for (const alias of aliases) byName.set(alias, [name, def]);
  }
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const raw = rawArgs[i]!;
    if (raw === '--') {
      out.push(...rawArgs.slice(i));
      break;
    }
    if (!raw.startsWith('-') || raw === '-' || raw === '--help' || raw === '-h') {
      out.push(raw);
      continue;
    }
    const equals = raw.indexOf('=');
    const spelled = equals === -1 ? raw : raw.slice(0, equals);
    const bare = spelled.replace(/^--?/, '');
    const negated = spelled.startsWith('--no-') && !byName.has(bare) ? bare.slice(3) : null;
    const entry = byName.get(negated ?? bare);
    if (!entry || (negated !== null && entry[1].type !== 'boolean')) {
      throw new UsageError(`unknown option ${spelled}; run \`rollout-kit ${command} --help\` for the options`);
    }
    const [name, def] = entry;
    if (def.type === 'boolean') {
      out.push(negated !== null ? `--no-${name}` : equals === -1 ? `--${name}` : `--${name}${raw.slice(equals)}`);
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = raw.slice(equals + 1);
    else if (i + 1 < rawArgs.length && isValue(rawArgs[i + 1]!)) value = rawArgs[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value: ${flagExpects(name, def)}`);
    out.push(`--${name}=${value}`);
  }
  return out;
}

/** What may follow a value flag as its value: anything but another flag (`-` and negative numbers are values). */
function isValue(token: string): boolean {
  return token !== '--' && (!token.startsWith('-') || token === '-' || /^-(\d|\.\d)/.test(token));
}
