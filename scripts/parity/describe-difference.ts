/** One-line descriptions of parity differences, for test failures and `npm run parity -- --verbose`. */
import type { Difference } from './excuse-differences.js';
import { labelEvent } from './thread-event-stream.js';

const clip = (value: unknown, max = 120): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
};

export function describeDifference(difference: Difference): string {
  switch (difference.kind) {
    case 'missing':
      return `missing #${difference.expectedIndex} ${labelEvent(difference.event)}`;
    case 'extra':
      return `extra #${difference.actualIndex} ${labelEvent(difference.event)}`;
    case 'fields': {
      const fields = Object.entries(difference.fields).map(([field, diff]) => `${field}: expected ${clip(diff.expected)}, actual ${clip(diff.actual)}`);
      return `differs #${difference.expectedIndex}/${difference.actualIndex} ${labelEvent(difference.event)}: ${fields.join('; ')}`;
    }
  }
}
