/**
 * Secrets never reach an output by default: every string a projection writes (step
 * text, tool arguments inside their JSON too, tool outputs, instructions, thread event
 * items) goes through the redactor (src/redact) on its way to the writer, before any
 * encoding or size limit, so half a secret never survives. Which strings are free text
 * is written-strings.ts's to say.
 */
import { redactBytes, redactJsonText, redactText, type RedactionCounts } from '../redact/redact.js';
import type { StepWriter } from './session-projection.js';
import { createRewritingWriter, type TextPass } from './written-strings.js';

/** Wraps a projection's writer so that every step and the summary are redacted, counting what was replaced. */
export function createRedactingWriter<Step, Summary>(writer: StepWriter<Step, Summary>, counts: RedactionCounts): StepWriter<Step, Summary> {
  return createRewritingWriter(writer, redactionPass(counts));
}

function redactionPass(counts: RedactionCounts): TextPass {
  return {
    text: (text) => redactText(text, counts),
    jsonText: (jsonText) => redactJsonText(jsonText, counts),
    bytes: (bytes, json) => redactBytes(bytes, json, counts),
  };
}
