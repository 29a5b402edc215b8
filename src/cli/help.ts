/**
 * `--help`, rendered from the citty command definitions. citty's own renderUsage decides
 * on colour once, from the environment at load time (so a pipe gets escape codes and
 * `NO_COLOR=yes` is ignored), and pads every line to the longest description. Here colour
 * is a parameter (the caller asks whether stdout is a terminal and NO_COLOR is unset), and
 * descriptions wrap at word boundaries to the terminal width.
 */
import { stripVTControlCharacters } from 'node:util';
import type { ArgsDef, CommandDef } from 'citty';

export type HelpStyle = {
  /** ANSI colours and emphasis (only for a terminal without NO_COLOR). */
  color: boolean;
  /** Columns available; lines never exceed it (except a single word longer than a line). */
  width: number;
};

type ArgDefLike = { type?: string; alias?: string | string[]; valueHint?: string; description?: string; default?: unknown; required?: boolean };

/** Labels longer than this put their description on the next line. */
const MAX_LABEL = 24;
const INDENT = 2;
const GAP = 2;

export async function renderHelp<T extends ArgsDef>(command: CommandDef<T>, parent: CommandDef | undefined, style: HelpStyle): Promise<string> {
  const paint = painter(style.color);
  const meta = await resolve(command.meta);
  const parentMeta = parent ? await resolve(parent.meta) : undefined;
  const name = [parentMeta?.name, meta?.name].filter(Boolean).join(' ');
  const version = meta?.version ?? parentMeta?.version;
  const args = Object.entries((await resolve(command.args)) ?? {}) as [string, ArgDefLike][];
  const positionals = args.filter(([, def]) => def.type === 'positional');
  const flags = args.filter(([, def]) => def.type !== 'positional');
  const subCommands = Object.entries((await resolve(command.subCommands)) ?? {});

  const usage = [name];
  if (flags.length > 0) usage.push('[OPTIONS]');
  for (const [argName, def] of positionals) usage.push(def.required === false || def.default !== undefined ? `[${argName.toUpperCase()}]` : `<${argName.toUpperCase()}>`);
  if (subCommands.length > 0) usage.push('<command>');

  const lines: string[] = [];
  if (meta?.description) lines.push(...wrap(`${meta.description}${version ? ` (${name} v${version})` : ''}`, style.width), '');
  lines.push(`${paint.heading('USAGE')} ${paint.label(usage.join(' '))}`, '');
  if (positionals.length > 0) {
    lines.push(paint.heading('ARGUMENTS'), '');
    lines.push(...table(positionals.map(([argName, def]) => [argName.toUpperCase(), describe(def, paint)]), style, paint), '');
  }
  if (flags.length > 0) {
    lines.push(paint.heading('OPTIONS'), '');
    // Long names line up under `-o, --out` when some flag has a short alias.
    const pad = flags.some(([, def]) => aliasesOf(def).some((alias) => alias.length === 1));
    lines.push(...table(flags.map(([argName, def]) => [flagLabel(argName, def, pad), describe(def, paint)]), style, paint), '');
  }
  if (subCommands.length > 0) {
    const rows: [string, string][] = [];
    for (const [subName, sub] of subCommands) {
      const loaded = typeof sub === 'function' ? await (sub as () => Promise<CommandDef>)() : await (sub as CommandDef | Promise<CommandDef>);
      const subMeta = await resolve(loaded.meta);
      rows.push([subName, subMeta?.description ?? '']);
    }
    lines.push(paint.heading('COMMANDS'), '', ...table(rows, style, paint), '');
    lines.push(...wrap(`Use ${paint.label(`${name} <command> --help`)} for the options of a command.`, style.width));
  }
  while (lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

/** `-o, --out <dir>` */
function flagLabel(name: string, def: ArgDefLike, pad: boolean): string {
  const aliases = aliasesOf(def);
  const spelled = [...aliases.map((alias) => (alias.length === 1 ? `-${alias}` : `--${alias}`)), `--${name}`].join(', ');
  const value = def.type === 'boolean' ? '' : ` <${def.valueHint ?? 'value'}>`;
  return `${pad && !aliases.some((alias) => alias.length === 1) ? '    ' : ''}${spelled}${value}`;
}

function aliasesOf(def: ArgDefLike): string[] {
  return def.alias === undefined ? [] : Array.isArray(def.alias) ? def.alias : [def.alias];
}

function describe(def: ArgDefLike, paint: Painter): string {
  // Painted word by word, so that a default wrapped onto the next line starts no escape code it does not end.
  const shown = def.type === 'boolean' || def.default === undefined ? '' : ` ${`(default: ${String(def.default)})`.split(' ').map(paint.dim).join(' ')}`;
  return `${def.description ?? ''}${shown}`;
}

/** Two columns: labels aligned, descriptions wrapped to the width and aligned under themselves. */
function table(rows: [string, string][], style: HelpStyle, paint: Painter): string[] {
  const labelWidth = Math.min(MAX_LABEL, Math.max(...rows.map(([label]) => label.length)));
  // A terminal too narrow for two columns gets each description on its own lines, indented.
  const twoColumns = style.width - INDENT - labelWidth - GAP >= 24;
  const descriptionColumn = twoColumns ? INDENT + labelWidth + GAP : INDENT * 3;
  const out: string[] = [];
  for (const [label, description] of rows) {
    const wrapped = wrap(description, Math.max(16, style.width - descriptionColumn));
    const head = `${' '.repeat(INDENT)}${paint.label(label)}`;
    if (twoColumns && label.length <= labelWidth && wrapped.length > 0) {
      out.push(`${head}${' '.repeat(labelWidth - label.length + GAP)}${wrapped[0]}`);
      wrapped.shift();
    } else {
      out.push(head);
    }
    for (const line of wrapped) out.push(`${' '.repeat(descriptionColumn)}${line}`);
  }
  return out;
}

/** Greedy word wrap to `width` visible columns (escape codes take none). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let visible = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const length = stripVTControlCharacters(word).length;
    if (visible > 0 && visible + 1 + length > width) {
      lines.push(line);
      line = '';
      visible = 0;
    }
    line += visible > 0 ? ` ${word}` : word;
    visible += (visible > 0 ? 1 : 0) + length;
  }
  if (line) lines.push(line);
  return lines;
}

type Painter = { heading: (text: string) => string; label: (text: string) => string; dim: (text: string) => string };

function painter(color: boolean): Painter {
  const sgr = (open: string, close: string) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { heading: sgr('1;4', '22;24'), label: sgr('36', '39'), dim: sgr('90', '39') };
}

async function resolve<T>(value: T | (() => T) | (() => Promise<T>) | Promise<T> | undefined): Promise<T | undefined> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value;
}
