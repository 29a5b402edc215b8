/**
 * `--anonymize`: the user's home directory and user name become `~` and `<user>` in every
 * string a projection writes, after redaction (a secret is found whole before its
 * surroundings change). Agent paths (`/root/helper`) are names of agents, not directories:
 * they stay as they are, so the links between a parent's messages and its sub-agents hold.
 */
import type { Anonymizer } from '../anonymize/anonymizer.js';
import type { StepWriter } from './session-projection.js';
import { createRewritingWriter, type TextPass } from './written-strings.js';

const AGENT_PATH_KEYS: ReadonlySet<string> = new Set(['agent', 'author', 'recipient']);

/** Wraps a projection's writer so that every step and the summary are anonymized. */
export function createAnonymizingWriter<Step, Summary>(writer: StepWriter<Step, Summary>, anonymizer: Anonymizer): StepWriter<Step, Summary> {
  return createRewritingWriter(writer, anonymizationPass(anonymizer));
}

function anonymizationPass(anonymizer: Anonymizer): TextPass {
  return {
    // The placeholders need no escaping and no match cuts an escape: JSON text is anonymized as text.
    text: (text) => anonymizer.text(text),
    jsonText: (jsonText) => anonymizer.text(jsonText),
    bytes: (bytes) => anonymizer.bytes(bytes),
    keptKeys: AGENT_PATH_KEYS,
  };
}
