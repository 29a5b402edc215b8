/**
 * The dataset card, `README.md` in the output directory: the Hugging Face Hub reads its
 * YAML header (which files hold the data, the features, the size category) and shows
 * the rest. `datasets.load_dataset(dir)` reads the header too, so the data files are
 * named there and `manifest.json`, `issues.jsonl` and the card itself are not data.
 * Pure data in, fixed text out: no clock, no path of the machine.
 */
import { SCHEMA_VERSION, formatSchemaId } from '../../schema/version.js';
import type { StepCounts } from '../../write/sink.js';
import type { CardStats } from './card-stats.js';
import type { Column } from '../arrow/arrow-columns.js';
import { renderCardFeatures } from './card-features.js';
import { renderCountTable } from './text-bars.js';

export const DATASET_CARD_FILE_NAME = 'README.md';

/** What a format puts in its card: the data files' pattern, the `datasets` builder that reads them, and whether its column types are exact. */
export type DatasetCardLayout = {
  /** A glob of the data files, relative to the directory (e.g. `data-*.parquet`). */
  dataFiles: string;
  /** Whether the files carry the record features exactly (typed columns), so the card may declare them. */
  typedColumns: boolean;
  /** What a row is, when not the trajectory record (chat messages): its columns and the card's sentence about it. */
  rows?: CardRows | undefined;
};

export type CardRows = {
  columns: readonly Column[];
  /** The sentence that says what the rows are, after "Codex CLI session rollouts converted by rollout-kit into". */
  description: string;
  /** The published schema the rows follow. */
  schema: string;
};

export type DatasetCardInput = {
  format: string;
  layout: DatasetCardLayout;
  stats: CardStats;
  steps: StepCounts;
  issues: number;
  /** The redaction pattern-set version, or null when secrets were kept (`--no-redact`). */
  redactionPatternSet: string | null;
  /** `--instructions ref`: the system instructions are in instructions.jsonl, not in the rows. */
  instructionsByReference?: boolean | undefined;
};

/** The Hub's size categories, by number of rows. */
export function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, 'n<1K'],
    [1e4, '1K<n<10K'],
    [1e5, '10K<n<100K'],
    [1e6, '100K<n<1M'],
    [1e7, '1M<n<10M'],
    [1e8, '10M<n<100M'],
    [1e9, '100M<n<1B'],
  ];
  return bounds.find(([bound]) => rows < bound)?.[1] ?? 'n>1B';
}

function renderHeader(input: DatasetCardInput): string[] {
  const lines = [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    `    path: ${input.layout.dataFiles}`,
  ];
  if (input.layout.typedColumns) {
    lines.push('dataset_info:', '  features:', ...renderCardFeatures(input.layout.rows?.columns), '  splits:', '  - name: train', `    num_examples: ${input.stats.sessions}`);
  }
  lines.push('size_categories:', `- ${sizeCategory(input.stats.sessions)}`, 'tags:', '- codex', '- agent-trajectories', '- reinforcement-learning', '- rollout-kit', '---');
  return lines;
}

function day(timestamp: string | null): string {
  return timestamp === null ? 'unknown' : timestamp.slice(0, 10);
}

function renderSummary(input: DatasetCardInput): string[] {
  const { stats } = input;
  const totalSteps = Object.values(input.steps).reduce((sum, n) => sum + n, 0);
  const rows = input.layout.rows;
  const intro = rows
    ? `${rows.description} (${input.format}; schema ${SCHEMA_VERSION}, \`${formatSchemaId(rows.schema)}\`)`
    : `RL trajectory records (${input.format}; record schema ${SCHEMA_VERSION}, \`${formatSchemaId('trajectory')}\`): one row per session, its steps in \`trajectory\``;
  const redaction = input.redactionPatternSet === null ? 'off (`--no-redact`): secrets are kept verbatim' : `on (pattern set ${input.redactionPatternSet})`;
  return [
    '# Codex CLI trajectories',
    '',
    `Codex CLI session rollouts converted by rollout-kit into ${intro}. \`manifest.json\` lists every file with its sha256; \`issues.jsonl\` lists what the conversion met in the input.`,
    ...(input.instructionsByReference
      ? ['', 'Each distinct system instructions text is stored once, in `instructions.jsonl` (`{sha256, text}`, not a data file): a row holds null in `system_instructions` and the text\'s sha256 in `system_instructions_ref`.']
      : []),
    '',
    '| | |',
    '| --- | ---: |',
    `| sessions | ${stats.sessions} |`,
    `| turns | ${stats.turns} |`,
    // Rows other than the record count no steps.
    ...(rows ? [] : [`| steps | ${totalSteps} |`]),
    `| input issues | ${input.issues} |`,
    `| first session | ${day(stats.firstStart)} |`,
    `| last session | ${day(stats.lastStart)} |`,
    `| redaction | ${redaction} |`,
    '',
    // A step type the corpus never produced is left out rather than listed at 0.
    ...(rows ? [] : ['## Steps by type', '', ...renderCountTable('step type', Object.entries(input.steps).filter(([, n]) => n > 0), 'steps'), '']),
    '## Outcomes',
    '',
    ...renderCountTable('outcome', stats.outcomes, 'sessions'),
    '',
    '## Models',
    '',
    ...renderCountTable('model', stats.models, 'sessions'),
    '',
    '## Codex versions',
    '',
    ...renderCountTable('Codex version', stats.codexVersions, 'sessions'),
  ];
}

export function renderDatasetCard(input: DatasetCardInput): string {
  return `${[...renderHeader(input), '', ...renderSummary(input)].join('\n')}\n`;
}
