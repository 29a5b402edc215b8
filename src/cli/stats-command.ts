import { defineCommand } from 'citty';
import { collectStats } from '../stats/collect-stats.js';
import { StatsInputError, StatsUsageError } from '../stats/stats-errors.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { terminalStyle } from './output-style.js';
import { renderStats } from './render-stats.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

const args = {
  inputs: {
    type: 'positional',
    required: false,
    description: 'Rollout files, directories or globs (default: $CODEX_HOME/sessions and archived_sessions), or rollout-kit output directories',
    valueHint: 'paths',
  },
  redact: { type: 'boolean', default: true, description: 'Rollouts: count what redaction would replace (--no-redact skips it, faster)' },
  json: { type: 'boolean', default: false, description: 'Print the statistics as JSON' },
} as const;

export const statsCommand = defineCommand({
  meta: { name: 'stats', description: 'Count sessions, turns, steps, tool calls, outcomes, tokens, redactions and issues' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'stats');
    try {
      const stats = await collectStats(parsed._.map(String), { discover: { cwd: io.cwd, env: io.env }, redact: parsed.redact !== false });
      writeLine(io.stdout, parsed.json ? JSON.stringify(stats, null, 2) : renderStats(stats, terminalStyle(io)));
      return 0;
    } catch (error) {
      if (error instanceof StatsUsageError) throw new UsageError(error.message);
      if (error instanceof StatsInputError) {
        writeLine(io.stderr, `error: ${error.message}`);
        return 1;
      }
      throw error;
    }
  },
});
