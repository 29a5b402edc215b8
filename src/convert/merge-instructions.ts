/**
 * The merged instructions.jsonl (`--instructions ref`): every part's distinct texts, once,
 * sorted by key, as one run over every input writes them. Null when the parts were
 * converted without `--instructions ref` (their manifests list no such file).
 */
import path from 'node:path';
import { INSTRUCTIONS_FILE_NAME, instructionsLineSchema } from '../trajectory/instructions-schema.js';
import { InstructionsStore } from '../write/instructions-file.js';
import type { OutputFile } from '../write/sink.js';
import type { MergePart } from './merge-parts.js';
import { MergeMismatchError } from './merge-order.js';
import { readTextLines } from '../read/text-lines.js';

export async function writeMergedInstructions(parts: readonly MergePart[], outDir: string): Promise<OutputFile | null> {
  const listing = parts.filter((part) => part.manifest.files.some((file) => file.path === INSTRUCTIONS_FILE_NAME));
  if (listing.length === 0) return null;
  const store = new InstructionsStore();
  for (const part of listing) {
    const file = path.join(part.dir, INSTRUCTIONS_FILE_NAME);
    let number = 0;
    for await (const line of readTextLines(file)) {
      number += 1;
      if (line !== '') store.add(parseInstructionsLine(line, file, number));
    }
  }
  return store.write(outDir);
}

/** A damaged line of a part is the part's fault: one line naming it, as other mismatches are. */
function parseInstructionsLine(line: string, file: string, number: number): string {
  try {
    return instructionsLineSchema.parse(JSON.parse(line)).text;
  } catch {
    throw new MergeMismatchError(`${file}:${number}: not an instructions line ({"sha256", "text"}); run rollout-kit validate on the part`);
  }
}
