import type { ArgsDef } from 'citty';

/** A mistake on the command line: reported in one line, exit code 2, before any work starts. */
export class UsageError extends Error {}

/** citty accepts any flag; we refuse the ones a command does not define, so typos don't pass silently. */
export function assertKnownFlags(rawArgs: string[], args: ArgsDef, command: string): void {
  const known = new Set<string>(['help', 'h']);
  for (const [name, def] of Object.entries(args)) {
    known.add(name);
    known.add(kebabCase(name));
    const aliases = 'alias' in def && def.alias !== undefined ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const alias of aliases) known.add(alias);
  }
  for (const raw of rawArgs) {
    if (raw === '--') break;
    if (!raw.startsWith('-') || raw === '-') continue;
    const name = raw.replace(/^--?(no-)?/, '').split('=')[0] ?? '';
    if (!known.has(name)) throw new UsageError(`unknown option ${raw.split('=')[0]}; run \`rollout-kit ${command} --help\` for the options`);
  }
}

function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
