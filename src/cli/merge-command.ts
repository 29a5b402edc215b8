import { defineCommand } from 'citty';
import { ConvertOutputError } from '../convert/convert.js';
import { merge, MergeUsageError, type MergeReport } from '../convert/merge.js';
import { formatBytes } from './byte-units.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

const args = {
  parts: { type: 'positional', required: false, description: 'The output directories of every part of a partitioned run (convert --partition i/n)', valueHint: 'part-dirs' },
  out: { type: 'string', alias: 'o', required: true, description: 'Directory of the merged dataset (replaced whole, like convert --out)', valueHint: 'dir', expects: 'a directory' },
  json: { type: 'boolean', default: false, description: 'Print the merge report as JSON' },
  quiet: { type: 'boolean', alias: 'q', default: false, description: 'Print nothing but errors' },
} as const;

export const mergeCommand = defineCommand({
  meta: { name: 'merge', description: 'Merge the parts of a partitioned run into the dataset one run over every input writes' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'merge');
    const parts = parsed._.map(String);
    if (parts.length === 0) throw new UsageError('give the output directories of the parts, e.g. `rollout-kit merge part-1 part-2 --out dataset`');
    let report: MergeReport;
    try {
      report = await merge(parts, parsed.out);
    } catch (error) {
      if (error instanceof MergeUsageError) throw new UsageError(error.message);
      if (error instanceof ConvertOutputError) {
        writeLine(io.stderr, `error: ${error.message}`);
        return 1;
      }
      throw error;
    }
    if (parsed.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
    else if (!parsed.quiet) {
      const { sessions, parts: count, inputs, issues, format } = report;
      writeLine(
        io.stdout,
        `merged ${count} part${count === 1 ? '' : 's'}: ${sessions} session${sessions === 1 ? '' : 's'} from ${inputs.files} file${inputs.files === 1 ? '' : 's'} (${formatBytes(inputs.bytes)}) to ${format} in ${parsed.out}/; ${issues === 0 ? 'no issues' : `${issues} issue${issues === 1 ? '' : 's'} in issues.jsonl`}`,
      );
    }
    return 0;
  },
});
