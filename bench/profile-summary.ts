import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

export type ProfileEntry = { name: string; share: number; ms: number };

function describeFrame(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url === '' ? '' : frame.url.slice(frame.url.lastIndexOf('/') + 1);
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return file === '' ? name : `${name} ${file}:${frame.lineNumber + 1}`;
}

/**
 * Self time per function over every `.cpuprofile` in `dir` (the main thread and each worker
 * thread write their own), idle time left out, largest first.
 */
export function summarizeCpuProfiles(dir: string, top = 20): ProfileEntry[] {
  const selfMs = new Map<string, number>();
  let totalMs = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.cpuprofile')) continue;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const names = new Map(profile.nodes.map((n) => [n.id, describeFrame(n.callFrame)]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const name = names.get(id) ?? '(unknown)';
      // A thread waiting (the main thread while workers run) is not cost.
      if (name === '(idle)') return;
      selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
      totalMs += ms;
    });
  }
  return [...selfMs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: totalMs === 0 ? 0 : ms / totalMs }));
}
