/**
 * Web searches as exec prints them, per dialect (ExecDialect `webSearch`): exec 0.47-0.58
 * print only a completed item with the query; later versions start the item at begin
 * (with its query and action from 0.130, `full-started`) and complete it at end, by call id.
 */
import type { EventMsg } from '../codex/event-msg.js';
import type { ExecDialect } from './exec-dialect.js';
import type { ThreadEvent, WebSearchItem } from './thread-events.js';
import { completed, started } from './thread-item-events.js';
import { normalizeWebSearchAction } from './web-search-action.js';

export class WebSearchTracker {
  /** Item ids of searches begun and not yet ended, by call id. */
  private readonly running = new Map<string, string>();

  constructor(
    private readonly mode: ExecDialect['webSearch'],
    private readonly newItemId: () => string,
  ) {}

  begin(msg: Extract<EventMsg, { type: 'web_search_begin' }>): ThreadEvent[] {
    if (this.mode === 'completed-only' || this.running.has(msg.call_id)) return [];
    const id = this.newItemId();
    this.running.set(msg.call_id, id);
    const full = this.mode === 'full-started';
    const item: WebSearchItem = {
      id,
      type: 'web_search',
      raw_id: msg.call_id,
      query: full ? (msg.query ?? '') : '',
      action: full ? normalizeWebSearchAction(msg.action) : { type: 'other' },
    };
    return [started(item)];
  }

  end(msg: Extract<EventMsg, { type: 'web_search_end' }>): ThreadEvent[] {
    if (this.mode === 'completed-only') {
      return [completed({ id: this.newItemId(), type: 'web_search', query: msg.query })];
    }
    const runningId = this.running.get(msg.call_id);
    this.running.delete(msg.call_id);
    const item: WebSearchItem = {
      id: runningId ?? this.newItemId(),
      type: 'web_search',
      raw_id: msg.call_id,
      query: msg.query,
      action: normalizeWebSearchAction(msg.action),
    };
    const pair = runningId === undefined && this.mode === 'full-started';
    return pair ? [started(item), completed({ ...item })] : [completed(item)];
  }
}
