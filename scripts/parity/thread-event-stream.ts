/**
 * Reading a `codex exec --json` stream (real or ours) for the parity check.
 *
 * Ported to TypeScript from `compare-exec.mjs` of the team's oracle kit (the recorder that
 * drove the real codex binaries and wrote fixtures/oracle); the rules are the same, so the
 * numbers here equal what that tool prints for the same streams.
 */

/** The events that count: exec --json also prints config summaries and warnings in some versions. */
export const THREAD_EVENT_TYPES: ReadonlySet<string> = new Set([
  'thread.started',
  'turn.started',
  'turn.completed',
  'turn.failed',
  'item.started',
  'item.updated',
  'item.completed',
  'error',
]);

export type JsonObject = Record<string, unknown>;

/** One parsed line, with its raw text (needed to see a duplicated `"id"` key, see below). */
export type RawEvent = { obj: JsonObject; raw: string };

export type ParsedStream = { events: RawEvent[]; unparseable: number };

/**
 * `thread-events`: 0.47 and later. `legacy-msg`: the `{id, msg}` events (plus a config
 * summary and a `{prompt}` line) of 0.8-0.40, which have no oracle. `item-type`: the
 * `item_type` / `assistant_message` vocabulary of the short-lived experimental JSON mode.
 */
export type ExecStreamShape = 'thread-events' | 'legacy-msg' | 'item-type' | 'empty';

/** A thread-level event ready for alignment: its key is (type, item type, item ids). */
export type ThreadEventEntry = {
  type: string;
  itemType: string | null;
  /** Usually one id; the 0.100+ web_search item carries `id` twice ("item_N", then "ws_..."). */
  ids: string[];
  obj: JsonObject;
  item: JsonObject | null;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseJsonl(text: string): ParsedStream {
  const events: RawEvent[] = [];
  let unparseable = 0;
  for (const line of text.split('\n')) {
    const raw = line.trim();
    if (!raw) continue;
    try {
      const obj: unknown = JSON.parse(raw);
      if (isObject(obj)) events.push({ obj, raw });
      else unparseable++;
    } catch {
      unparseable++;
    }
  }
  return { events, unparseable };
}

export function detectStreamShape(events: RawEvent[]): ExecStreamShape {
  let legacy = 0;
  let itemType = 0;
  let thread = 0;
  for (const { obj } of events) {
    const item = obj.item;
    if (isObject(obj.msg) && 'id' in obj) legacy++;
    else if (!obj.type && ('prompt' in obj || 'sandbox' in obj || 'model' in obj || 'approval' in obj)) legacy++;
    else if (isObject(item) && ('item_type' in item || item.type === 'assistant_message')) itemType++;
    else if (typeof obj.type === 'string' && THREAD_EVENT_TYPES.has(obj.type)) thread++;
  }
  if (legacy) return 'legacy-msg';
  if (itemType) return 'item-type';
  if (thread) return 'thread-events';
  return 'empty';
}

export const hasOracle = (shape: ExecStreamShape): boolean => shape === 'thread-events' || shape === 'empty';

const FIRST_ITEM_ID = /"item"\s*:\s*\{\s*"id"\s*:\s*"((?:[^"\\]|\\.)*)"/;

function readItemType(item: JsonObject): string | null {
  const type = item.type ?? item.item_type;
  if (type === 'assistant_message') return 'agent_message';
  return typeof type === 'string' ? type : null;
}

export function normalizeEvent({ obj, raw }: RawEvent): ThreadEventEntry | null {
  if (typeof obj.type !== 'string' || !THREAD_EVENT_TYPES.has(obj.type)) return null;
  if (!obj.type.startsWith('item.')) return { type: obj.type, itemType: null, ids: [], obj, item: null };
  const item = isObject(obj.item) ? obj.item : {};
  const ids: string[] = [];
  if (item.id !== undefined && item.id !== null) ids.push(String(item.id));
  // JSON.parse keeps the last of two equal keys: read the first one from the raw text.
  const first = FIRST_ITEM_ID.exec(raw)?.[1];
  if (first !== undefined) {
    const id = JSON.parse(`"${first}"`) as string;
    if (!ids.includes(id)) ids.push(id);
  }
  return { type: obj.type, itemType: readItemType(item), ids, obj, item };
}

export function normalizeStream(events: RawEvent[]): ThreadEventEntry[] {
  return events.map(normalizeEvent).filter((event): event is ThreadEventEntry => event !== null);
}

/** `item.completed(command_execution item_2)`, or the bare type for thread/turn events. */
export function labelEvent(event: ThreadEventEntry): string {
  if (!event.type.startsWith('item.')) return event.type;
  return `${event.type}(${event.itemType ?? '?'}${event.ids.length ? ` ${event.ids.join('|')}` : ''})`;
}
