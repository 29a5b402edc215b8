import type { OutputFormatDescriptor } from '../formats/output-format.js';

/**
 * Any output format, as the run and the pool handle it: they pass steps, batches and
 * summaries from the format's projection and encoder to its sink without looking at
 * them, so each format's own types stay between its own parts.
 */
export type AnyOutputFormat = OutputFormatDescriptor<unknown, unknown, unknown>;
