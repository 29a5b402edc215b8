/**
 * Every file a conversion wrote under a directory, as one text to search: the tests that
 * check a name or a secret never reaches an output read it. Parquet pages are compressed,
 * so a Parquet file is decoded into its rows as JSON; any other file is taken byte for
 * byte (latin1, so no byte is lost to UTF-8 decoding).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';

function decodeParquet(bytes: Buffer): string {
  return tableFromIPC(readParquet(bytes).intoIPCStream())
    .toArray()
    .map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)))
    .join('\n');
}

export function readOutputTreeText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => (file.endsWith('.parquet') ? decodeParquet(readFileSync(file)) : readFileSync(file, 'latin1')))
    .join('\n');
}
