import path from 'node:path';
import { DATASET_CARD_FILE_NAME, renderDatasetCard, type DatasetCardInput } from '../formats/dataset-card/dataset-card.js';
import { AtomicFile } from '../write/atomic-file.js';
import type { OutputFile } from '../write/sink.js';

/** Writes the dataset card (README.md) atomically; the manifest lists it with its sha256. */
export async function writeDatasetCard(outDir: string, input: DatasetCardInput): Promise<OutputFile> {
  const file = await AtomicFile.create(outDir, DATASET_CARD_FILE_NAME);
  try {
    await file.write(renderDatasetCard(input));
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, DATASET_CARD_FILE_NAME));
    return { path: DATASET_CARD_FILE_NAME, kind: 'metadata', rows: null, bytes, sha256 };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
