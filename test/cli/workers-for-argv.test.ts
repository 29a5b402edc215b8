/** The number of workers the CLI entry starts before loading the command: what the run will use, or none. */
import { describe, expect, it } from 'vitest';
import { workersFor } from '../../src/cli/workers-for-argv.js';

describe('workersFor', () => {
  it.each([
    [['convert', 'in', '-j', '3'], 2],
    [['convert', '--jobs=4', 'in'], 3],
    [['convert', 'in', '--jobs', '1'], 0],
    [['convert', 'in'], 7],
    [['convert', 'in', '-j', '12'], 7],
    [['convert', 'in', '--jobs', '99999'], 7],
    [['convert', 'in', '--stdout', '-j', '2'], 1],
    [['convert', '-', '-j', '4'], 0],
    [['convert', '--help'], 0],
    [['convert', 'in', '--incremental', '-j', '4'], 0],
    [['convert', 'in', '-j', 'many'], 0],
    [['convert', '--', '-j', '4'], 7],
    [['validate', 'out', '-j', '4'], 0],
    [[], 0],
  ])('%j -> %i', (argv, workers) => {
    expect(workersFor(argv, 8)).toBe(workers);
  });
});
