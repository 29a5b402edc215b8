/**
 * `--format arrow`: Apache Arrow IPC shards with typed columns (RECORD_COLUMNS).
 * Default (`ipc: 'stream'`) is the Hugging Face `save_to_disk` layout:
 * `data-00000-of-0000N.arrow` in the IPC stream format, `dataset_info.json` and
 * `state.json`, so `datasets.load_from_disk(dir)` works. `ipc: 'file'` writes the
 * same shard names in the IPC file format (polars `read_ipc`, `pyarrow.ipc.open_file`,
 * DuckDB) plus `dataset_info.json`, and no `state.json` (`datasets` cannot read it).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ArrowIpcFormat } from '../../schema/output-format-names.js';
import type { RecordSink } from '../../write/sink.js';
import type { ArrowSteps } from './arrow-steps.js';
import { createColumnarSink, isColumnarShardName, type ColumnarSinkOptions } from './columnar-sink.js';
import { DATASET_INFO_FILE_NAME, STATE_FILE_NAME } from './hf-file-names.js';

const ARROW_EXTENSION = '.arrow';

type ArrowSinkOptions = ColumnarSinkOptions & { ipc?: ArrowIpcFormat | undefined };

export function isArrowShardName(name: string): boolean {
  return isColumnarShardName(name, ARROW_EXTENSION);
}

/**
 * A `state.json` left by an earlier stream-format run would make `datasets` try to
 * open the new file-format shards as streams; remove it when it is one of ours.
 */
async function removeStaleHfState(outDir: string, stateFileName: string): Promise<void> {
  const statePath = path.join(outDir, stateFileName);
  const text = await readFile(statePath, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  try {
    const state = JSON.parse(text) as { _data_files?: { filename?: unknown }[] };
    const ours = Array.isArray(state._data_files) && state._data_files.every((f) => typeof f.filename === 'string' && isArrowShardName(f.filename));
    if (ours) await rm(statePath, { force: true });
  } catch {
    // Not JSON: not ours, leave it.
  }
}

export function createArrowSink(options: ArrowSinkOptions): RecordSink<ArrowSteps> {
  const ipc = options.ipc ?? 'stream';
  return createColumnarSink(
    {
      extension: ARROW_EXTENSION,
      loadEncoder: async () => (await import('./arrow-ipc-encoder.js')).arrowIpcEncoder(ipc),
      async writeMetadata(shards, write) {
        const { renderDatasetInfo, renderDatasetState } = await import('./hf-dataset-files.js');
        const files = [await write(DATASET_INFO_FILE_NAME, renderDatasetInfo())];
        if (ipc === 'stream') files.push(await write(STATE_FILE_NAME, renderDatasetState(shards)));
        else await removeStaleHfState(options.outDir, STATE_FILE_NAME);
        return files;
      },
    },
    options,
  );
}
