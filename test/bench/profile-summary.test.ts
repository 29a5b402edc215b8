import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeCpuProfiles } from '../../bench/profile-summary.js';

function frame(id: number, functionName: string, url = 'file:///x/dist/convert.js') {
  return { id, callFrame: { functionName, url, lineNumber: id } };
}

describe('summarizeCpuProfiles', () => {
  it('sums self time over every thread profile, leaves idle out, largest first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rk-prof-test-'));
    try {
      writeFileSync(join(dir, 'main.cpuprofile'), JSON.stringify({ nodes: [frame(1, '(idle)', ''), frame(2, 'parseLine')], samples: [1, 1, 2], timeDeltas: [5000, 5000, 1000] }));
      writeFileSync(join(dir, 'worker.cpuprofile'), JSON.stringify({ nodes: [frame(1, 'parseLine'), frame(2, '')], samples: [1, 2, 2], timeDeltas: [2000, 3000, 4000] }));
      writeFileSync(join(dir, 'notes.txt'), 'not a profile');
      const entries = summarizeCpuProfiles(dir);
      // Frame names carry 1-based line numbers (V8 stores them 0-based).
      expect(entries.map((e) => [e.name, e.ms])).toEqual([
        ['(anonymous) convert.js:3', 7],
        ['parseLine convert.js:2', 2],
        ['parseLine convert.js:3', 1],
      ]);
      expect(entries.reduce((n, e) => n + e.share, 0)).toBeCloseTo(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
