/**
 * Turns the lines of one rollout file into canonical records. Bad lines never
 * throw: they become issues, and decoding goes on with the next line.
 */
import { decodeByteLine } from '../read/line-splitter.js';
import type { ByteLine, RawLine } from '../read/raw-line.js';
import { detectGeneration, type RolloutGeneration } from './detect.js';
import type { IssueReporter } from './issue-reporter.js';
import { isNestedTooDeep, textNestsTooDeep, TOO_DEEP } from './json-depth.js';
import { describeJsonSyntaxError, findJsonSyntaxError, type JsonSyntaxError } from './json-syntax.js';
import { splitDamagedLine } from './legacy-damaged-line.js';
import { LegacyDecoder } from './legacy.js';
import type { RolloutRecord } from './records.js';
import { splitToolOutputLine, type RawToolOutputForm } from './tool-output-line.js';
import { decodeTsCliDocument, isTsCliDocument } from './ts-cli-json.js';
import { decodeWrappedLine } from './wrapped.js';

/** TypeScript CLI documents were a few MB at most: a larger one is refused rather than held in memory. */
const MAX_DOCUMENT_CHARS = 256 * 2 ** 20;

export type RolloutDecoderOptions = {
  /**
   * Keep tool outputs out of the JS heap instead of decoding them, for outputs that only
   * copy them (the RL record): as their escaped JSON text (`json`, for text outputs) or
   * decoded to UTF-8 bytes (`utf8`, for Arrow). Their items then have `output: ""` for
   * every other stage.
   */
  rawToolOutputs?: RawToolOutputForm | undefined;
};

export class RolloutDecoder {
  /** The generation, known once the first JSON object has been read. */
  generation: RolloutGeneration | null = null;
  /** Lines (JSON objects) that parsed: the record's `raw_item_count`. */
  parsedCount = 0;
  private undetectable = false;
  /**
   * The text of a file that turned out to be one pretty-printed JSON document rather than
   * JSON lines (G0, the TypeScript CLI's `rollout-*.json`): decoded whole by finish().
   */
  private document: { lines: string[]; chars: number; tooLarge: boolean } | null = null;
  private readonly legacy = new LegacyDecoder();
  /** Lines read, and those that were not JSON: a file of mostly bad lines is scanned before it is parsed. */
  private lineCount = 0;
  private badLineCount = 0;

  constructor(
    private readonly report: IssueReporter,
    private readonly options: RolloutDecoderOptions = {},
  ) {}

  /**
   * Decodes one undecoded line (see ByteLine). With `rawToolOutputs`, a tool output line
   * of a wrapped rollout keeps its output as raw JSON text (tool-output-line.ts).
   */
  pushBytes(raw: ByteLine): RolloutRecord[] {
    if (this.options.rawToolOutputs && this.generation === 'wrapped' && this.document === null && !raw.oversized) {
      const split = splitToolOutputLine(raw.bytes, this.options.rawToolOutputs);
      if (split) {
        this.parsedCount++;
        if (this.refuseDeepLine(split.value, raw.bytes.length, raw.line)) return [];
        const record = decodeWrappedLine(split.value, raw.line, this.report);
        if (!record) return [];
        if (record.kind === 'response_item') record.rawOutput = split.output;
        return [record];
      }
    }
    return this.push(decodeByteLine(raw));
  }

  /** Decodes one line into zero or more records. */
  push(raw: RawLine): RolloutRecord[] {
    const text = raw.text;
    if (raw.oversized) {
      this.report(raw.line, 'invalid_shape', 'line is larger than the reader accepts and was skipped unread');
      return [];
    }
    if (this.document) {
      this.collectDocumentLine(text);
      return [];
    }
    if (text.trim() === '') return [];
    if (this.generation === null && !this.undetectable && text.trim() === '{') {
      // No JSONL rollout line is a lone `{`: this is a whole-file JSON document, such as the
      // TypeScript CLI's `rollout-*.json` (G0, see ts-cli-json.ts), read whole at the end.
      this.document = { lines: [], chars: 0, tooLarge: false };
      this.collectDocumentLine(text);
      return [];
    }
    if (raw.invalidUtf8) this.report(raw.line, 'invalid_utf8', 'line is not valid UTF-8 (decoded with replacement characters)');
    const values = this.parse(raw);
    const records: RolloutRecord[] = [];
    for (const value of values) {
      this.parsedCount++;
      if (this.refuseDeepLine(value, text.length, raw.line)) continue;
      const record = this.decodeValue(value, raw.line);
      if (record) {
        this.reportDeepArguments(record, raw.line);
        records.push(record);
      }
    }
    return records;
  }

  /** Records that only the end of the file completes (a whole-file JSON document); call once, after the last line. */
  finish(): RolloutRecord[] {
    const document = this.document;
    if (!document || document.tooLarge) return [];
    let value: unknown;
    try {
      value = JSON.parse(document.lines.join('\n'));
    } catch (error) {
      this.report(1, 'invalid_json', `the file is one JSON document, and it is not valid JSON: ${(error as Error).message}`);
      return [];
    }
    if (!isTsCliDocument(value)) {
      this.report(1, 'unsupported_format', 'the file is one JSON document, not JSON lines, and not a TypeScript Codex CLI session {session, items}');
      return [];
    }
    this.generation = 'legacy';
    const records = decodeTsCliDocument(value, this.report);
    this.parsedCount += records.length;
    return records;
  }

  private collectDocumentLine(text: string): void {
    const document = this.document!;
    if (document.tooLarge) return;
    document.chars += text.length + 1;
    if (document.chars > MAX_DOCUMENT_CHARS) {
      document.tooLarge = true;
      document.lines = [];
      this.report(1, 'unsupported_format', `the file is one JSON document larger than ${MAX_DOCUMENT_CHARS / 2 ** 20} Mi characters, too large to read whole`);
      return;
    }
    document.lines.push(text);
  }

  /** A line nested too deep for the stages after this one (see json-depth.ts) is skipped, with an issue. */
  private refuseDeepLine(value: unknown, textLength: number, line: number): boolean {
    if (!isNestedTooDeep(value, textLength)) return false;
    this.report(line, 'invalid_shape', `${TOO_DEEP}; the line was skipped`);
    return true;
  }

  /** Tool-call arguments nested too deep are kept as their raw text (replay/tool-call.ts parseArguments). */
  private reportDeepArguments(record: RolloutRecord, line: number): void {
    if (record.kind !== 'response_item') return;
    const item = record.item;
    const text = item.type === 'function_call' ? item.arguments : item.type === 'custom_tool_call' ? item.input : null;
    if (text !== null && textNestsTooDeep(text)) {
      this.report(line, 'invalid_shape', `response item "${item.type}": ${item.type === 'function_call' ? 'arguments' : 'input'}: ${TOO_DEEP}; kept as the raw string`);
    }
  }

  private parse(raw: RawLine): unknown[] {
    this.lineCount++;
    // Past a few bad lines, when they are a quarter of the file or more, a line is scanned
    // first: a SyntaxError from JSON.parse costs more than the scan (json-syntax.ts).
    if (this.badLineCount >= 16 && this.badLineCount * 4 >= this.lineCount) {
      const syntaxError = findJsonSyntaxError(raw.text);
      if (syntaxError) return this.recoverBadLine(raw, syntaxError);
    }
    try {
      return [JSON.parse(raw.text)];
    } catch {
      return this.recoverBadLine(raw, findJsonSyntaxError(raw.text));
    }
  }

  /** What can be recovered of a line that is not JSON, reported; `syntaxError`: where it stops being JSON. */
  private recoverBadLine(raw: RawLine, syntaxError: JsonSyntaxError | null): unknown[] {
    this.badLineCount++;
    // Codex 0.8 damage: objects run together on one line, and/or a cut-off last object.
    const split = splitDamagedLine(raw.text);
    const values = split && split.objects.length > 0 ? tryParseAll(split.objects) : null;
    if (split && values) {
      if (split.tail !== '') this.reportBrokenTail(raw, values.length, split.tail.length);
      else this.report(raw.line, 'invalid_json', `${values.length} JSON objects run together on one line (a damaged Codex 0.8 write): all of them were recovered`);
      return values;
    }
    if (!raw.terminated) {
      this.report(raw.line, 'truncated_line', `last line is cut short (${raw.text.length} characters, no newline) and was skipped`);
    } else {
      // JSON.parse refused it, so the scan finds the place (null only if the two disagreed).
      this.report(raw.line, 'invalid_json', syntaxError ? describeJsonSyntaxError(raw.text, syntaxError) : 'not valid JSON');
    }
    return [];
  }

  private reportBrokenTail(raw: RawLine, kept: number, tailLength: number): void {
    const what = `${kept} complete JSON object(s) recovered; the incomplete object after them (${tailLength} characters) was skipped`;
    if (!raw.terminated) this.report(raw.line, 'truncated_line', `last line is cut short (no newline): ${what}`);
    else this.report(raw.line, 'invalid_json', `line ends with an incomplete JSON object: ${what}`);
  }

  private decodeValue(value: unknown, line: number): RolloutRecord | null {
    if (this.generation === null) {
      if (this.undetectable) return null;
      this.generation = detectGeneration(value);
      if (this.generation === null) {
        this.undetectable = true;
        this.report(line, 'unsupported_format', 'first JSON object is neither a rollout envelope {timestamp, type, payload} nor a legacy session header');
        return null;
      }
    }
    if (this.generation === 'wrapped') return decodeWrappedLine(value, line, this.report);
    return this.legacy.decode(value, line, this.report);
  }
}

function tryParseAll(parts: string[]): unknown[] | null {
  try {
    return parts.map((part) => JSON.parse(part) as unknown);
  } catch {
    return null;
  }
}
