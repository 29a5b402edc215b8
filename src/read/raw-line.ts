/** One line of an input file, as the reader hands it to the decoders. */
export type RawLine = {
  /** The line's text, without its line terminator (`\n` or `\r\n`) and without a leading BOM. */
  text: string;
  /** 1-based line number in the (decompressed) file. */
  line: number;
  /** False only for a last line that had no terminating newline (possibly cut short by a crash). */
  terminated: boolean;
  /** True when the line's bytes were not valid UTF-8 (the text holds U+FFFD replacements). */
  invalidUtf8?: boolean;
  /**
   * True when the line was longer than the reader's `maxLineBytes` (default 256 MiB): its
   * bytes were dropped unread and `text` is empty. Real rollout lines stay far below this;
   * it guards against, e.g., a crashed write that left a huge run of NUL bytes.
   */
  oversized?: boolean;
};

/**
 * A line before UTF-8 decoding, for consumers that can use some lines' bytes as they
 * are. `bytes` may be a view into the reader's buffer: it is valid only until the
 * reader is asked for more lines, so copy what must outlive that.
 */
export type ByteLine = {
  /** The line's bytes, without terminator and BOM (empty when oversized). */
  bytes: Buffer;
  line: number;
  terminated: boolean;
  oversized?: boolean;
};
