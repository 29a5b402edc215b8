/**
 * `--partition` on the command line: `i/n` as CI matrices spell it, `auto` as a Kubernetes
 * Indexed Job runs it (JOB_COMPLETION_INDEX is 0-based, the partition 1-based). Bad
 * values are usage errors: exit 2, one line, nothing written.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';
import { runCliCollecting } from './cli-io.js';

const SAMPLES = 'fixtures/samples';
const tempDir = tempDirsRemovedAfterEach('cli-partition');

describe('bad --partition values are usage errors', () => {
  it.each([
    [['--partition', '0/3'], {}, '--partition: expected i/n with 1 <= i <= n (e.g. 2/7), or auto, got "0/3"'],
    [['--partition', '4/3'], {}, '--partition: expected i/n with 1 <= i <= n (e.g. 2/7), or auto, got "4/3"'],
    [['--partition', '1/0'], {}, '--partition: expected i/n with 1 <= i <= n (e.g. 2/7), or auto, got "1/0"'],
    [['--partition', 'half'], {}, '--partition: expected i/n with 1 <= i <= n (e.g. 2/7), or auto, got "half"'],
    [['--partition', '1/2', '--partitions', '2'], {}, '--partitions goes with --partition auto; --partition i/n already says the count'],
    [['--partitions', '2'], {}, '--partitions goes with --partition auto'],
    [['--partition', 'auto'], { JOB_COMPLETION_INDEX: '0' }, '--partition auto needs the number of partitions: give --partitions N or set ROLLOUT_KIT_PARTITIONS'],
    [['--partition', 'auto', '--partitions', '3'], {}, '--partition auto reads JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), and it is not set'],
    [['--partition', 'auto', '--partitions', '3'], { JOB_COMPLETION_INDEX: '3' }, 'JOB_COMPLETION_INDEX: expected 0 to 2 (3 partitions), got "3"'],
    [['--partition', 'auto'], { JOB_COMPLETION_INDEX: '0', ROLLOUT_KIT_PARTITIONS: 'x' }, 'ROLLOUT_KIT_PARTITIONS: expected a whole number of at least 1, got "x"'],
  ] as const)('%j %j', async (argv, env, message) => {
    const out = path.join(await tempDir(), 'out');
    const run = await runCliCollecting(['convert', SAMPLES, ...argv, '--out', out], env);
    expect(run.stderr).toBe(`error: ${message}\n`);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--partition auto', () => {
  it('converts the same files as the i/n it stands for', async () => {
    const dir = await tempDir();
    const byIndex: string[] = [];
    for (const [argv, env] of [
      [['--partition', 'auto', '--partitions', '2'], { JOB_COMPLETION_INDEX: '1' }],
      [['--partition', 'auto'], { JOB_COMPLETION_INDEX: '1', ROLLOUT_KIT_PARTITIONS: '2' }],
      [['--partition', '2/2'], {}],
    ] as const) {
      const out = path.join(dir, `out-${byIndex.length}`);
      const run = await runCliCollecting(['convert', SAMPLES, ...argv, '--out', out, '--quiet'], env);
      expect(run.code, run.stderr).toBe(0);
      byIndex.push(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    }
    expect(byIndex[1]).toBe(byIndex[0]);
    expect(byIndex[2]).toBe(byIndex[0]);
    const whole = path.join(dir, 'whole');
    expect((await runCliCollecting(['convert', SAMPLES, '--out', whole, '--quiet'])).code).toBe(0);
    const count = (manifest: string) => (JSON.parse(manifest) as { inputs: { count: number } }).inputs.count;
    expect(count(byIndex[0]!)).toBeGreaterThan(0);
    expect(count(byIndex[0]!)).toBeLessThan(count(readFileSync(path.join(whole, 'manifest.json'), 'utf8')));
  });
});
