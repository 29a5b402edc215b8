/**
 * `--format atif`: one ATIF trajectory per session, `<out>/<session_id>.atif.json`, the
 * layout Harbor's readers take (one JSON document per trajectory: its validator, its
 * viewer, `Trajectory.model_validate_json`). Sessions are placed in the order they began
 * (names of repeated session ids depend on it); every file is written under a temp name
 * and renamed when the sink closes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AtifStep } from '../../trajectory/atif-schema.js';
import { AtomicFile } from '../../write/atomic-file.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import { createSessionFileNamer } from '../../write/session-file-name.js';
import type { OutputFile, SessionSink } from '../../write/sink.js';
import type { AtifStepTexts } from './atif-encoder.js';
import type { AtifSessionEnd } from './atif-projection.js';
import { assembleAtifText, encodeAtifStep } from './atif-text.js';
import { toAtifFileName } from './atif-file-name.js';

type AtifSink = SessionSink<AtifStep, AtifStepTexts, AtifSessionEnd>;

export function createAtifFileSink(outDir: string, previous?: PreviousFiles): AtifSink {
  mkdirSync(outDir, { recursive: true });
  const nameFile = createSessionFileNamer();
  const written: { file: AtomicFile; name: string }[] = [];
  let chain: Promise<void> = Promise.resolve();
  let sessions = 0;

  async function place(end: AtifSessionEnd, steps: readonly string[]): Promise<void> {
    const name = toAtifFileName(nameFile(end.session_id));
    const file = await AtomicFile.create(outDir, name, previous?.get(name));
    written.push({ file, name });
    for (const piece of assembleAtifText(end.document, steps)) await file.write(piece);
    await file.finish();
    sessions += 1;
  }

  return {
    beginSession() {
      const steps: string[] = [];
      let resolveEnd!: (end: AtifSessionEnd | null) => void;
      const ended = new Promise<AtifSessionEnd | null>((resolve) => {
        resolveEnd = resolve;
      });
      const placed = chain.then(async () => {
        const end = await ended;
        if (end !== null) await place(end, steps);
      });
      placed.catch(() => undefined);
      chain = placed;
      return {
        writeStep: (step) => void steps.push(encodeAtifStep(step)),
        writeEncodedSteps: (batch) => {
          for (const text of batch.texts) steps.push(text);
        },
        end(end) {
          resolveEnd(end);
          return placed;
        },
        cancel() {
          resolveEnd(null);
          return placed;
        },
      };
    },
    async close() {
      await chain;
      const files: OutputFile[] = [];
      for (const { file, name } of written) {
        const { bytes, sha256 } = await file.finish();
        await file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: 1, bytes, sha256 });
      }
      return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), sessions, steps: {} };
    },
    async abort() {
      await Promise.all(written.map(({ file }) => file.discard()));
    },
  };
}
