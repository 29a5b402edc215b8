/**
 * The web_search `action` exec prints (0.100+). Exec re-parses the rollout's action into its
 * WebSearchAction enum, so unknown variants print as `{type: "other"}` and unknown fields are
 * dropped; absent fields are skipped (serde skip_serializing_if None).
 */
import type { WebSearchAction as InputWebSearchAction } from '../codex/event-msg.js';
import type { WebSearchAction } from './thread-events.js';

export function normalizeWebSearchAction(action: InputWebSearchAction | undefined): WebSearchAction {
  // JSON.stringify leaves undefined members out, as serde leaves out None.
  const field = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
  switch (action?.type) {
    case 'search':
      return { type: 'search', query: field(action.query), queries: field(action.queries) };
    case 'open_page':
      return { type: 'open_page', url: field(action.url) };
    case 'find_in_page':
      return { type: 'find_in_page', url: field(action.url), pattern: field(action.pattern) };
    default:
      return { type: 'other' };
  }
}
