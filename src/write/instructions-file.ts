/**
 * `--instructions ref`: every distinct system instructions text a run writes, kept once
 * by its sha256 and written to `instructions.jsonl` when the run ends, sorted by key, so
 * the file is the same whatever order sessions ended in (`--jobs`).
 */
import path from 'node:path';
import { INSTRUCTIONS_FILE_NAME, instructionsKey, type InstructionsLine } from '../trajectory/instructions-schema.js';
import { AtomicFile } from './atomic-file.js';
import type { OutputFile } from './sink.js';

export class InstructionsStore {
  private readonly texts = new Map<string, string>();

  /** Keeps the text (once) and returns its key. */
  add(text: string): string {
    const key = instructionsKey(text);
    if (!this.texts.has(key)) this.texts.set(key, text);
    return key;
  }

  get size(): number {
    return this.texts.size;
  }

  /** The lines of the file, sorted by key. */
  lines(): InstructionsLine[] {
    return [...this.texts.keys()].sort().map((sha256) => ({ sha256, text: this.texts.get(sha256)! }));
  }

  /** Writes `instructions.jsonl` atomically into `outDir`; the manifest lists it as metadata. */
  async write(outDir: string): Promise<OutputFile> {
    const file = await AtomicFile.create(outDir, INSTRUCTIONS_FILE_NAME);
    try {
      for (const line of this.lines()) await file.write(`${JSON.stringify(line)}\n`);
      const { bytes, sha256 } = await file.finish();
      await file.moveTo(path.join(outDir, INSTRUCTIONS_FILE_NAME));
      return { path: INSTRUCTIONS_FILE_NAME, kind: 'metadata', rows: this.size, bytes, sha256 };
    } catch (error) {
      await file.discard();
      throw error;
    }
  }
}
