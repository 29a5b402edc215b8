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
