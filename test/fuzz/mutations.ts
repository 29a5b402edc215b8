/**
 * Damage done to real rollouts for the fuzz suite, byte-level and deterministic: each
 * mutation takes the file's bytes and plain numbers (drawn and shrunk by fast-check)
 * and returns the damaged bytes plus the lines it damaged in place (1-based), which the
 * properties check are reported when they no longer parse.
 */
import { gzipSync } from 'node:zlib';

export type Mutation = {
  bytes: Buffer;
  /** Lines changed in place (numbered in the mutated file): each must be reported if it no longer parses. */
  damagedLines: number[];
  /** What was done, for a failure message. */
  note: string;
};

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** The lines of a file, without their newlines; `terminated` is whether the last one had one. */
export function splitLines(bytes: Buffer): { lines: Buffer[]; terminated: boolean } {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, start)) {
    lines.push(bytes.subarray(start, at));
    start = at + 1;
  }
  const terminated = start === bytes.length;
  if (!terminated) lines.push(bytes.subarray(start));
  return { lines, terminated };
}

export function joinLines(lines: readonly Buffer[], terminated = true): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((line, index) => {
    parts.push(line);
    if (index < lines.length - 1 || terminated) parts.push(Buffer.from('\n'));
  });
  return Buffer.concat(parts);
}

/** Index of a non-empty line, picked by `n`. */
function pickLine(lines: readonly Buffer[], n: number): number {
  const candidates = lines.flatMap((line, index) => (line.length > 0 ? [index] : []));
  return candidates[n % candidates.length] ?? 0;
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(NEWLINE); at !== -1 && at < offset; at = bytes.indexOf(NEWLINE, at + 1)) line++;
  return line;
}

export const TRUNCATION_BOUNDARIES = ['line-end', 'mid-line', 'mid-string', 'mid-escape', 'mid-utf8'] as const;
export type TruncationBoundary = (typeof TRUNCATION_BOUNDARIES)[number];

/** The file cut short at a boundary of the given kind (the nth such place). */
export function truncate(bytes: Buffer, boundary: TruncationBoundary, n: number): Mutation {
  const positions: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    const before = bytes[i - 1]!;
    const at = bytes[i]!;
    if (boundary === 'line-end' && before === NEWLINE) positions.push(i);
    else if (boundary === 'mid-line' && before !== NEWLINE && at !== NEWLINE) positions.push(i);
    else if (boundary === 'mid-string' && before === 0x22 && bytes[i - 2] === 0x3a && at !== 0x22) positions.push(i + (n % 7));
    else if (boundary === 'mid-escape' && before === 0x5c) positions.push(i);
    else if (boundary === 'mid-utf8' && at >= 0x80 && at <= 0xbf) positions.push(i);
  }
  const cut = Math.min(positions.length ? positions[n % positions.length]! : Math.max(1, n % bytes.length), bytes.length);
  const kept = bytes.subarray(0, cut);
  const last = lineOf(kept, cut - 1);
  return { bytes: Buffer.from(kept), damagedLines: kept.at(-1) === NEWLINE ? [] : [last], note: `truncated at byte ${cut} (${boundary})` };
}

/** 1-3 bytes of one line XORed (never into a newline, which would split the line). */
export function flipBytes(bytes: Buffer, lineN: number, positions: readonly number[], masks: readonly number[]): Mutation {
  const { lines, terminated } = splitLines(bytes);
  const index = pickLine(lines, lineN);
  const line = Buffer.from(lines[index]!);
  positions.forEach((position, k) => {
    const at = position % line.length;
    let flipped = line[at]! ^ (1 + (masks[k % masks.length]! % 255));
    if (flipped === NEWLINE || flipped === CARRIAGE_RETURN) flipped = 0x7f;
    line[at] = flipped;
  });
  lines[index] = line;
  return { bytes: joinLines(lines, terminated), damagedLines: [index + 1], note: `flipped ${positions.length} byte(s) of line ${index + 1}` };
}

const GARBAGE_PIECES = [Buffer.alloc(1), Buffer.alloc(64), Buffer.from('}{'), Buffer.from('\u0000\u0001\u001b[31m'), Buffer.from('"'), Buffer.from('\\'), Buffer.from(']]]'), Buffer.from('null'), Buffer.from('\uFEFF')];

/** Garbage (NUL runs, brackets, quotes, control bytes, random bytes) put into a line, over it, or as a line of its own. */
export function insertGarbage(bytes: Buffer, lineN: number, offset: number, pieceN: number, mode: 'insert' | 'overwrite' | 'new-line', random: readonly number[]): Mutation {
  const { lines, terminated } = splitLines(bytes);
  const index = pickLine(lines, lineN);
  const line = lines[index]!;
  const randomBytes = Buffer.from(random.map((value) => (value % 256 === NEWLINE || value % 256 === CARRIAGE_RETURN ? 0 : value % 256)));
  const piece = pieceN % (GARBAGE_PIECES.length + 1) === GARBAGE_PIECES.length ? randomBytes : GARBAGE_PIECES[pieceN % GARBAGE_PIECES.length]!;
  const at = offset % (line.length + 1);
  if (mode === 'new-line') {
    lines.splice(index, 0, piece.length ? piece : Buffer.alloc(1));
    return { bytes: joinLines(lines, terminated), damagedLines: [index + 1], note: `garbage line before line ${index + 1}` };
  }
  const changed = mode === 'insert' ? Buffer.concat([line.subarray(0, at), piece, line.subarray(at)]) : Buffer.concat([line.subarray(0, at), piece, line.subarray(Math.min(line.length, at + piece.length))]);
  lines[index] = changed;
  return { bytes: joinLines(lines, terminated), damagedLines: [index + 1], note: `garbage ${mode} at byte ${at} of line ${index + 1}` };
}

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]];

/** An invalid UTF-8 sequence (lone continuation, overlong, surrogate, cut sequence, beyond U+10FFFF) put into a line. */
export function insertInvalidUtf8(bytes: Buffer, lineN: number, offset: number, sequenceN: number): Mutation {
  const { lines, terminated } = splitLines(bytes);
  const index = pickLine(lines, lineN);
  const line = lines[index]!;
  const at = offset % (line.length + 1);
  lines[index] = Buffer.concat([line.subarray(0, at), Buffer.from(INVALID_UTF8[sequenceN % INVALID_UTF8.length]!), line.subarray(at)]);
  return { bytes: joinLines(lines, terminated), damagedLines: [index + 1], note: `invalid UTF-8 at byte ${at} of line ${index + 1}` };
}

/** A line repeated elsewhere in the file (a resumed writer's repeat). */
export function duplicateLine(bytes: Buffer, fromN: number, toN: number): Mutation {
  const { lines, terminated } = splitLines(bytes);
  const from = pickLine(lines, fromN);
  const to = toN % (lines.length + 1);
  lines.splice(to, 0, lines[from]!);
  return { bytes: joinLines(lines, terminated), damagedLines: [], note: `line ${from + 1} repeated before line ${to + 1}` };
}

/** Two lines swapped, or a window of lines reversed. */
export function reorderLines(bytes: Buffer, aN: number, bN: number, reverse: boolean): Mutation {
  const { lines, terminated } = splitLines(bytes);
  const a = aN % lines.length;
  const b = bN % lines.length;
  const [lo, hi] = a < b ? [a, b] : [b, a];
  if (reverse) lines.splice(lo, hi - lo + 1, ...lines.slice(lo, hi + 1).reverse());
  else [lines[lo], lines[hi]] = [lines[hi]!, lines[lo]!];
  return { bytes: joinLines(lines, terminated), damagedLines: [], note: `${reverse ? 'reversed' : 'swapped'} lines ${lo + 1}..${hi + 1}` };
}

type JsonPath = (string | number)[];

/** Every path to a value in `value` (objects and arrays, up to `maxDepth` levels). */
export function listPaths(value: unknown, maxDepth = 12): JsonPath[] {
  const paths: JsonPath[] = [];
  const walk = (node: unknown, path: JsonPath): void => {
    if (path.length > 0) paths.push(path);
    if (path.length >= maxDepth || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...path, index]));
    else for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(value, []);
  return paths;
}

function setAt(root: unknown, path: JsonPath, replace: (old: unknown) => unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const next = replace(node[last]);
  if (next === DELETE && !Array.isArray(node)) delete node[last];
  else node[last] = next === DELETE ? null : next;
}

const DELETE = Symbol('delete');

/** Values of every JSON type, to put where the decoder expects another. */
export const WRONG_TYPE_VALUES: readonly [string, () => unknown][] = [
  ['number', () => 42],
  ['negative number', () => -1],
  ['huge number', () => 1e308],
  ['float', () => 0.5],
  ['null', () => null],
  ['empty array', () => []],
  ['array', () => ['x', 1, null]],
  ['empty object', () => ({})],
  ['object', () => ({ type: 'x', id: 1 })],
  ['true', () => true],
  ['false', () => false],
  ['empty string', () => ''],
  ['string', () => 'not what you expected'],
  ['missing', () => DELETE],
];

/** One line (parsed) of the file and one field path in it, picked by the numbers; null when the line is not JSON or has no field. */
function pickField(bytes: Buffer, lineN: number, pathN: number) {
  const { lines, terminated } = splitLines(bytes);
  const index = pickLine(lines, lineN);
  let value: unknown;
  try {
    value = JSON.parse(lines[index]!.toString('utf8'));
  } catch {
    return null;
  }
  const paths = listPaths(value);
  if (paths.length === 0) return null;
  const path = paths[pathN % paths.length]!;
  return { lines, terminated, index, value, path };
}

/** One field of one line (any depth) given a value of another JSON type, or removed. */
export function wrongType(bytes: Buffer, lineN: number, pathN: number, valueN: number): Mutation | null {
  const picked = pickField(bytes, lineN, pathN);
  if (!picked) return null;
  const { lines, terminated, index, value, path } = picked;
  const [typeName, make] = WRONG_TYPE_VALUES[valueN % WRONG_TYPE_VALUES.length]!;
  setAt(value, path, () => make());
  lines[index] = Buffer.from(JSON.stringify(value));
  return { bytes: joinLines(lines, terminated), damagedLines: [], note: `line ${index + 1} ${path.join('.')} := ${typeName}` };
}

export const DEEP_DEPTHS = [998, 1000, 1001, 3000, 10_000, 100_000] as const;

/**
 * One field of one line given arrays or objects nested `depth` deep, as a value or (for
 * string fields such as tool-call arguments) as JSON text. `lineDepth` is the nesting of
 * the line then (the envelope is level 1), for the property "deeper than 1000 is reported".
 */
export function deepNesting(bytes: Buffer, lineN: number, pathN: number, depth: number, asText: boolean, objects: boolean): (Mutation & { lineDepth: number }) | null {
  const picked = pickField(bytes, lineN, pathN);
  if (!picked) return null;
  const { lines, terminated, index, value, path } = picked;
  const nested = objects ? '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1) : '['.repeat(depth) + ']'.repeat(depth);
  const marker = '@@rollout-kit-fuzz-deep@@';
  setAt(value, path, () => (asText ? nested : marker));
  const text = JSON.stringify(value);
  lines[index] = Buffer.from(asText ? text : text.replace(`"${marker}"`, nested));
  const lineDepth = asText ? 0 : path.length + depth;
  return { bytes: joinLines(lines, terminated), damagedLines: [], lineDepth, note: `line ${index + 1} ${path.join('.')} := ${asText ? 'JSON text' : 'value'} nested ${depth} deep (${objects ? 'objects' : 'arrays'})` };
}

/** A line of a few MB: a string field grown to `megabytes` (escapes and non-ASCII included), or a huge garbage line. */
export function hugeLine(bytes: Buffer, lineN: number, pathN: number, megabytes: number, garbage: boolean): Mutation | null {
  const { lines, terminated } = splitLines(bytes);
  const index = pickLine(lines, lineN);
  const size = Math.round(megabytes * 1024 * 1024);
  if (garbage) {
    lines.splice(index, 0, Buffer.alloc(size, 'x'));
    return { bytes: joinLines(lines, terminated), damagedLines: [index + 1], note: `${megabytes} MB garbage line before line ${index + 1}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(lines[index]!.toString('utf8'));
  } catch {
    return null;
  }
  const stringPaths = listPaths(value).filter((path) => {
    let node = value as Record<string | number, unknown>;
    for (const key of path) node = node[key] as Record<string | number, unknown>;
    return typeof node === 'string';
  });
  if (stringPaths.length === 0) return null;
  const path = stringPaths[pathN % stringPaths.length]!;
  const unit = 'line "quoted" \\ tab\t ünïcödé ✓ 😀\n';
  setAt(value, path, () => unit.repeat(Math.ceil(size / Buffer.byteLength(unit))));
  lines[index] = Buffer.from(JSON.stringify(value));
  return { bytes: joinLines(lines, terminated), damagedLines: [], note: `line ${index + 1} ${path.join('.')} grown to ${megabytes} MB` };
}

export function gzip(bytes: Buffer): Buffer {
  return gzipSync(bytes, { level: 1 });
}

/**
 * A zstd frame holding `bytes` in raw (stored) blocks: a valid .zst file without a zstd
 * encoder (Node 20 has none), so any rollout can be fed to the zstd reader and damaged.
 */
export function zstdStored(bytes: Buffer, blockSize = 64 * 1024): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(4 + 1 + 8);
  header.writeUInt32LE(0xfd2fb528, 0);
  // Frame header descriptor: 8-byte content size (FCS flag 3), single segment, no checksum, no dictionary.
  header[4] = 0b1110_0000;
  header.writeBigUInt64LE(BigInt(bytes.length), 5);
  parts.push(header);
  for (let start = 0; start < bytes.length || start === 0; start += blockSize) {
    const block = bytes.subarray(start, Math.min(bytes.length, start + blockSize));
    const last = start + blockSize >= bytes.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((block.length << 3) | last, 0, 3);
    parts.push(blockHeader, block);
    if (bytes.length === 0) break;
  }
  return Buffer.concat(parts);
}

export const COMPRESSED_DAMAGE = ['intact', 'truncated', 'byte-flip', 'garbage-appended', 'header', 'zeroed-block'] as const;
export type CompressedDamage = (typeof COMPRESSED_DAMAGE)[number];

/** Damage to a compressed file: cut short, bytes flipped, garbage after the stream, a broken header, a run of zeros. */
export function damageCompressed(compressed: Buffer, damage: CompressedDamage, n: number, m: number): Buffer {
  const out = Buffer.from(compressed);
  switch (damage) {
    case 'intact':
      return out;
    case 'truncated':
      return out.subarray(0, n % out.length);
    case 'byte-flip':
      out[n % out.length]! ^= 1 + (m % 255);
      return out;
    case 'garbage-appended':
      return Buffer.concat([out, Buffer.from(Array.from({ length: 1 + (m % 64) }, (_, i) => (n * 31 + i * 7) % 256))]);
    case 'header':
      out[n % Math.min(out.length, 14)]! ^= 1 + (m % 255);
      return out;
    case 'zeroed-block': {
      const start = n % out.length;
      out.fill(0, start, Math.min(out.length, start + 1 + (m % 512)));
      return out;
    }
  }
}
