/**
 * `convert`'s flags, read and checked before any work starts. A bad number names the flag
 * and what it takes; a flag that would do nothing with the other flags given (a shard
 * size for one-file-per-session output, Arrow flags without Arrow, files options with
 * `--stdout`) is refused rather than ignored, so that the output is what the command
 * line says. Every refusal is a usage error (exit 2).
 */
import { availableParallelism } from 'node:os';
import { CONVERT_FORMATS, INSTRUCTIONS_MODES, type ConvertFormat, type InstructionsMode } from '../convert/convert.js';
import { OUTPUT_FORMATS } from '../formats/output-formats.js';
import type { ArrowIpcFormat } from '../schema/output-format-names.js';
import { parseByteSize } from '../write/byte-size.js';
import { SIZE_EXPECTED } from './byte-units.js';
import { UsageError } from './usage-error.js';

export const COUNT_EXPECTED = 'a whole number of at least 1';

/** The formats each format-specific flag applies to; with any other format it is refused. */
const FLAG_FORMATS: Record<string, readonly ConvertFormat[]> = {
  'shard-size': ['jsonl', 'arrow', 'parquet', 'messages', 'messages-parquet'],
  'shard-rows': ['jsonl', 'arrow', 'parquet', 'messages', 'messages-parquet'],
  'arrow-ipc': ['arrow'],
  instructions: ['json', 'jsonl', 'arrow', 'parquet'],
};

/** `--max-session` applies to the formats that hold whole sessions in memory. */
const SESSION_LIMIT_FLAGS = ['max-session', 'arrow-max-session'];

/** Flags about output files: `--stdout` writes none, so it refuses them. */
const FILE_FLAGS = ['out', 'shard-size', 'shard-rows', 'arrow-ipc', 'instructions'];

type ParsedFlags = {
  format: string;
  stdout: boolean;
  'shard-size'?: string | undefined;
  'shard-rows'?: string | undefined;
  'arrow-ipc': string;
  instructions: string;
  'max-session'?: string | undefined;
  'arrow-max-session'?: string | undefined;
  jobs?: string | undefined;
};

export type ConvertFlagValues = {
  format: ConvertFormat;
  shardBytes: number | undefined;
  shardRows: number | undefined;
  arrowIpc: ArrowIpcFormat;
  instructions: InstructionsMode;
  maxSessionBytes: number | undefined;
  jobs: number;
};

/** `given`: the flags spelled on the command line (long names), as opposed to defaults. */
export function readConvertFlags(parsed: ParsedFlags, given: ReadonlySet<string>): ConvertFlagValues {
  const format = parseFormat(parsed.format);
  if (parsed.stdout) {
    const streamed = CONVERT_FORMATS.filter((name) => OUTPUT_FORMATS[name].openStream !== undefined);
    if (!streamed.includes(format)) {
      throw new UsageError(`--stdout streams ${listAlternatives(streamed)} only; use --format ${listAlternatives(streamed)} with --stdout, or write ${format} files with --out`);
    }
    const fileFlag = FILE_FLAGS.find((flag) => given.has(flag));
    if (fileFlag) throw new UsageError(`--${fileFlag} is about output files, and --stdout writes none; drop one of the two`);
  }
  for (const [flag, formats] of Object.entries(FLAG_FORMATS)) {
    if (given.has(flag) && !formats.includes(format)) throw new UsageError(`--${flag} applies to --format ${listAlternatives(formats)}, not ${format}`);
  }
  const holding = CONVERT_FORMATS.filter((name) => OUTPUT_FORMATS[name].holdsSessions !== undefined);
  for (const flag of SESSION_LIMIT_FLAGS) {
    if (given.has(flag) && !holding.includes(format)) {
      throw new UsageError(`--${flag} applies to the formats that hold whole sessions in memory (${holding.join(', ')}), not ${format}, which streams them`);
    }
  }
  if (given.has('max-session') && given.has('arrow-max-session')) throw new UsageError('--arrow-max-session is the former name of --max-session; give one of the two');
  return {
    format,
    shardBytes: parsed['shard-size'] === undefined ? undefined : parseSize(parsed['shard-size'], '--shard-size'),
    shardRows: parsed['shard-rows'] === undefined ? undefined : parseCount(parsed['shard-rows'], '--shard-rows'),
    arrowIpc: parseArrowIpc(parsed['arrow-ipc']),
    instructions: parseInstructions(parsed.instructions),
    maxSessionBytes: readMaxSession(parsed),
    jobs: parsed.jobs === undefined ? availableParallelism() : parseCount(parsed.jobs, '--jobs'),
  };
}

/** "a", "a or b", "a, b or c". */
function listAlternatives(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** `--max-session`, or its former name `--arrow-max-session`. */
function readMaxSession(parsed: ParsedFlags): number | undefined {
  if (parsed['max-session'] !== undefined) return parseSize(parsed['max-session'], '--max-session');
  if (parsed['arrow-max-session'] !== undefined) return parseSize(parsed['arrow-max-session'], '--arrow-max-session');
  return undefined;
}

/** The long names of the flags in normalized arguments (`--name` or `--name=value`, before `--`). */
export function givenFlags(rawArgs: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const raw of rawArgs) {
    if (raw === '--') break;
    if (raw.startsWith('--')) given.add(raw.slice(2).split('=')[0]!.replace(/^no-/, ''));
  }
  return given;
}

function parseFormat(value: string): ConvertFormat {
  if ((CONVERT_FORMATS as readonly string[]).includes(value)) return value as ConvertFormat;
  throw new UsageError(`unknown format "${value}"; use one of ${CONVERT_FORMATS.join(', ')}`);
}

function parseArrowIpc(value: string): ArrowIpcFormat {
  if (value === 'stream' || value === 'file') return value;
  throw new UsageError(`--arrow-ipc: expected stream or file, got "${value}"`);
}

function parseInstructions(value: string): InstructionsMode {
  if ((INSTRUCTIONS_MODES as readonly string[]).includes(value)) return value as InstructionsMode;
  throw new UsageError(`--instructions: expected ${INSTRUCTIONS_MODES.join(' or ')}, got "${value}"`);
}

function parseSize(value: string, flag: string): number {
  try {
    return parseByteSize(value);
  } catch {
    throw new UsageError(`${flag}: expected ${SIZE_EXPECTED}, got "${value}"`);
  }
}

function parseCount(value: string, flag: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag}: expected ${COUNT_EXPECTED}, got "${value}"`);
  return n;
}
