/**
 * The two JSON files `datasets.load_from_disk(dir)` needs beside the Arrow shards:
 * `dataset_info.json` (the features, i.e. the column types) and `state.json` (the
 * shard list). `datasets` opens the shards with `pa.ipc.open_stream`, which is why
 * this layout goes with the IPC stream format.
 */
import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, formatSchemaId } from '../../schema/version.js';
import { createHfFeatures } from './arrow-schema.js';


export function renderDatasetInfo(): string {
  const info = {
    builder_name: 'rollout-kit',
    citation: '',
    description: `Codex CLI session rollouts as RL trajectories (rollout-kit record schema ${SCHEMA_VERSION}, ${formatSchemaId('trajectory')}).`,
    features: createHfFeatures(),
    homepage: '',
    license: '',
  };
  return `${JSON.stringify(info, null, 2)}\n`;
}

/**
 * `_fingerprint` identifies the dataset's content for `datasets`' cache; derived from
 * the shard hashes so it is deterministic and changes whenever the data does.
 */
export function renderDatasetState(shards: readonly { path: string; sha256: string }[]): string {
  const fingerprint = createHash('sha256')
    .update(shards.map((s) => `${s.path}:${s.sha256}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const state = {
    _data_files: shards.map((s) => ({ filename: s.path })),
    _fingerprint: fingerprint,
    _format_columns: null,
    _format_kwargs: {},
    _format_type: null,
    _output_all_columns: false,
    _split: null,
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}
