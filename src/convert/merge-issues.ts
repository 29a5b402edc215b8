/**
 * The merged issues.jsonl: discovery's issues first (only part 1 reports them), then each
 * input's issues in input order, every line copied as the part wrote it.
 */
import path from 'node:path';
import { AtomicFile } from '../write/atomic-file.js';
import { ISSUES_FILE_NAME } from '../write/issues-file.js';
import type { OutputFile } from '../write/sink.js';
import { inInputOrder, withPositions } from './merge-order.js';
import type { MergePart } from './merge-parts.js';
import { readRawLines } from './raw-lines.js';

/** The input position of each of the part's issue lines, in order (-1: discovery). */
function issuePositions(part: MergePart): number[] {
  const positions: number[] = new Array<number>(part.partition.discovery_issues).fill(-1);
  for (const [position, count] of part.partition.issues) for (let i = 0; i < count; i += 1) positions.push(position);
  return positions;
}

async function* noLines(): AsyncGenerator<Buffer> {}

export async function writeMergedIssues(parts: readonly MergePart[], outDir: string): Promise<OutputFile> {
  const sources = parts.map((part) => withPositions(part.issuesFile ? readRawLines(part.issuesFile) : noLines(), issuePositions(part), part.issuesFile ?? `${part.dir}'s issues`));
  const file = await AtomicFile.create(outDir, ISSUES_FILE_NAME);
  let rows = 0;
  try {
    for await (const line of inInputOrder(sources)) {
      await file.write(line);
      rows += 1;
    }
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, ISSUES_FILE_NAME));
    return { path: ISSUES_FILE_NAME, kind: 'issues', rows, bytes, sha256 };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
