/**
 * Legacy resume chains. Up to 0.30, `codex exec -c experimental_resume=<rollout>` (and the
 * TUI's resume) wrote the resumed session into a NEW file under a NEW session id, starting
 * with a verbatim copy of every conversation item of the file it resumed, then the new
 * turns. Both files are complete sessions on their own, so converting both would give the
 * first turns twice. The older file is a copy when its conversation items are exactly the
 * first items of the newer one and include at least one item the model emitted with its
 * own id (reasoning, call or message ids are unique per response, so two unrelated sessions
 * that merely start with the same prompt never match).
 *
 * Only files with a bare legacy header are read whole here; later Codex resumes append to
 * the same file (docs/format.md §4).
 */
import { createHash } from 'node:crypto';
import type { InputFile } from '../read/input-file.js';
import { readLines } from '../read/lines.js';

/** The conversation items of a legacy file, each as a digest of its JSON. */
export type ItemPrints = {
  prints: string[];
  /** Items (by position) that carry an id the model's response gave them. */
  ownIds: number[];
};

/** Reads the file's conversation items (state lines and the header left out); unreadable lines are skipped. */
export async function readItemPrints(file: InputFile): Promise<ItemPrints> {
  const prints: string[] = [];
  const ownIds: number[] = [];
  let first = true;
  try {
    for await (const line of readLines(file)) {
      if (first) {
        // The header: its id and time differ between the two files by nature.
        first = false;
        continue;
      }
      let item: unknown;
      try {
        item = JSON.parse(line.text);
      } catch {
        continue;
      }
      if (typeof item !== 'object' || item === null || 'record_type' in item || typeof (item as { type?: unknown }).type !== 'string') continue;
      const id = (item as { id?: unknown }).id;
      if (typeof id === 'string' && id !== '') ownIds.push(prints.length);
      prints.push(createHash('sha256').update(JSON.stringify(item)).digest('base64'));
    }
  } catch {
    // An unreadable file is converted (and its problem reported) as usual; it covers nothing.
  }
  return { prints, ownIds };
}

/** True when `older`'s items are the first items of `newer` (and carry a model-given id). */
export function isResumedCopy(older: ItemPrints, newer: ItemPrints): boolean {
  if (older.prints.length === 0 || older.prints.length > newer.prints.length) return false;
  if (older.ownIds.length === 0) return false;
  return older.prints.every((print, index) => newer.prints[index] === print);
}

/**
 * For each file (same order), the index of the file whose session it is the start of, or
 * -1: the longest file it is a copied start of. Files of equal items are copies of the one
 * first in `order` (an index order: ties are broken the same way whatever order files came in).
 */
export function findResumedCopies(prints: readonly ItemPrints[], order: readonly number[]): number[] {
  const coveredBy = prints.map(() => -1);
  const rank = new Map(order.map((index, position) => [index, position]));
  // The same first item is a precondition: compare only within those buckets.
  const buckets = new Map<string, number[]>();
  prints.forEach((print, index) => {
    const head = print.prints[0];
    if (head === undefined) return;
    const bucket = buckets.get(head);
    if (bucket) bucket.push(index);
    else buckets.set(head, [index]);
  });
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    // Longest first (ties in `order`): the first file a copy matches is the longest it is part of.
    const byLength = [...bucket].sort((a, b) => prints[b]!.prints.length - prints[a]!.prints.length || rank.get(a)! - rank.get(b)!);
    byLength.forEach((index, position) => {
      const longer = byLength.slice(0, position).find((other) => isResumedCopy(prints[index]!, prints[other]!));
      if (longer !== undefined) coveredBy[index] = coveredBy[longer]! >= 0 ? coveredBy[longer]! : longer;
    });
  }
  return coveredBy;
}
