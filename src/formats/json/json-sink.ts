/**
 * `--format json`: one pretty-printed record per session, `<out>/<session_id>.json`
 * (2-space indent, newline at the end). Every file is written under a temp name and
 * renamed when the sink closes, so a failed run leaves no partial session behind.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AtomicFile } from '../../write/atomic-file.js';
import type { PreviousFiles } from '../../write/reference-file.js';
import { createOrderedSink } from '../../write/ordered-sink.js';
import { createSessionFileNamer } from '../../write/session-file-name.js';
import type { OutputFile, RecordSink } from '../../write/sink.js';
import { createTextHandler, writeBufferedRecord, type RecordPlacer } from '../../write/text-session.js';
import type { TextSteps } from '../../write/text-steps.js';

type JsonSinkOptions = {
  outDir: string;
  /** Sessions larger than this wait on disk instead of in memory (default 32 MiB). */
  spillBytes?: number | undefined;
  previous?: PreviousFiles | undefined;
};

function createJsonPlacer(outDir: string, previous: PreviousFiles | undefined): RecordPlacer {
  const nameFile = createSessionFileNamer();
  const written: { file: AtomicFile; name: string }[] = [];
  let aborted = false;

  return {
    async place(record) {
      const name = nameFile(record.sessionId);
      const file = await AtomicFile.create(outDir, name, previous?.get(name));
      written.push({ file, name });
      if (aborted) {
        await file.discard();
        throw new Error('sink aborted');
      }
      await writeBufferedRecord(record, (chunk) => file.write(chunk));
      // Close now: a run can hold thousands of sessions, but only one open file.
      await file.finish();
    },
    async finish() {
      const files: OutputFile[] = [];
      for (const { file, name } of written) {
        const { bytes, sha256 } = await file.finish();
        await file.moveTo(path.join(outDir, name));
        files.push({ path: name, kind: 'records', rows: 1, bytes, sha256 });
      }
      return files;
    },
    async abort() {
      aborted = true;
      await Promise.all(written.map(({ file }) => file.discard()));
    },
  };
}

export function createJsonSink(options: JsonSinkOptions): RecordSink<TextSteps> {
  mkdirSync(options.outDir, { recursive: true });
  return createOrderedSink(
    createTextHandler({
      layout: 'pretty',
      spillDir: options.outDir,
      spillBytes: options.spillBytes,
      placer: createJsonPlacer(options.outDir, options.previous),
    }),
  );
}
