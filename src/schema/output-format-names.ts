import { z } from 'zod';

/**
 * `--format`: how records are laid out on disk. `thread-events` writes, per session,
 * the ThreadEvent JSONL `codex exec --json` would have printed instead of RL records;
 * `parquet` writes the records as Parquet shards (the columns of `arrow`);
 * `atif` writes one ATIF v1.7 trajectory (Harbor's interchange format) per session;
 * `messages` writes one row per session in the OpenAI chat format (JSONL), `messages-parquet`
 * the same rows as Parquet shards.
 */
export const outputFormatSchema = z.enum(['json', 'jsonl', 'arrow', 'parquet', 'thread-events', 'atif', 'messages', 'messages-parquet']);
export type OutputFormatName = z.infer<typeof outputFormatSchema>;

/**
 * `--arrow-ipc`: `stream` is the Hugging Face `save_to_disk` layout (what
 * `datasets.load_from_disk` reads); `file` is the random-access IPC file format
 * that polars `read_ipc`, `pyarrow.ipc.open_file` and DuckDB read directly.
 */
export const arrowIpcFormatSchema = z.enum(['stream', 'file']);
export type ArrowIpcFormat = z.infer<typeof arrowIpcFormatSchema>;
