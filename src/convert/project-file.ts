import type { SessionProjection, SessionStart, StepWriter } from '../projection/session-projection.js';
import { createRedactingWriter } from '../projection/redaction.js';
import { createAnonymizingWriter } from '../projection/anonymization.js';
import type { Anonymizer } from '../anonymize/anonymizer.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { SessionGate } from '../filter/session-facts.js';
import type { AnyOutputFormat } from './any-output-format.js';

/**
 * How a file's session is opened for its output format: the format's projection, writing
 * into `writer`, through the redactor when `redactions` (the file's counts) is given, then
 * the anonymizer when there is one, and through the filters' gate when there is one.
 */
export function createProjectionOpener(
  format: AnyOutputFormat,
  writer: () => StepWriter<unknown, unknown> & { cancel?: () => Promise<void> },
  redactions: RedactionCounts | null,
  anonymizer: Anonymizer | null = null,
): (start: SessionStart, gate: SessionGate | null) => SessionProjection {
  return (start, gate) => {
    const target = gate ? gate.wrap(writer()) : writer();
    const anonymized = anonymizer ? createAnonymizingWriter(target, anonymizer) : target;
    return format.projection.open(start, redactions ? createRedactingWriter(anonymized, redactions) : anonymized);
  };
}
