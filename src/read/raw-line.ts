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
};
