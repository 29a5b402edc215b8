import { isUtf8 } from 'node:buffer';

/**
 * A path's bytes as text. Linux names are bytes, not text: a name that is not valid UTF-8
 * (a Latin-1 name copied from an old disk, say) has no lossless JavaScript string, and
 * Node's string paths turn its bad bytes into U+FFFD, which then names no file at all.
 * Discovery keeps such a path's bytes to open it, and shows every byte that is not part
 * of a valid UTF-8 sequence as `\xHH` (two lowercase hex digits): `rollout-caf\xe9.jsonl`.
 * That text is the file's `path` (and so the records' `source_path`): deterministic, and
 * distinct for distinct names unless a name also holds a literal `\x` followed by hex.
 * Valid UTF-8 comes out unchanged.
 */
export function displayPathBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  /** Start of the run of valid sequences not yet appended. */
  let start = 0;
  let i = 0;
  while (i < buffer.length) {
    const length = readSequenceLength(buffer[i]!);
    if (length > 0 && i + length <= buffer.length && isUtf8(buffer.subarray(i, i + length))) {
      i += length;
      continue;
    }
    text += `${buffer.toString('utf8', start, i)}\\x${buffer[i]!.toString(16).padStart(2, '0')}`;
    i++;
    start = i;
  }
  return text + buffer.toString('utf8', start);
}

/** The length of the UTF-8 sequence a lead byte starts; 0 for a byte no sequence starts with. */
function readSequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
