/**
 * One output file per session (ATIF documents, thread-event logs): each is written under a
 * temp name beside its final one, compared against the previous dataset's file of the same
 * name (reference-file.ts), and renamed into place only when the sink closes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from '../bytes/code-unit-order.js';
import { AtomicFile } from './atomic-file.js';
import type { PreviousFiles } from './reference-file.js';
import type { OutputFile } from './sink.js';

export class SessionFiles {
  private readonly written: { file: AtomicFile; name: string; rows: number }[] = [];

  constructor(
    private readonly outDir: string,
    private readonly previous: PreviousFiles | undefined,
  ) {
    mkdirSync(outDir, { recursive: true });
  }

  /** Writes the session file `name`, holding `rows` records, from its pieces of text. */
  async write(name: string, rows: number, pieces: Iterable<string>): Promise<void> {
    const file = await AtomicFile.create(this.outDir, name, this.previous?.get(name));
    this.written.push({ file, name, rows });
    for (const piece of pieces) await file.write(piece);
    await file.finish();
  }

  /** Renames every file into place; the list is in name order. */
  async finish(): Promise<OutputFile[]> {
    const files: OutputFile[] = [];
    for (const { file, name, rows } of this.written) {
      const { bytes, sha256 } = await file.finish();
      await file.moveTo(path.join(this.outDir, name));
      files.push({ path: name, kind: 'records', rows, bytes, sha256 });
    }
    return files.sort((a, b) => compareCodeUnits(a.path, b.path));
  }

  /** Removes every temp file. */
  async discard(): Promise<void> {
    await Promise.all(this.written.map(({ file }) => file.discard()));
  }
}
