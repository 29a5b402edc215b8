/**
 * Times input discovery on a tree shaped like Codex's: `sessions/YYYY/MM/DD/rollout-*.jsonl`,
 * 100 small files a day by default. Not part of `npm test` (timings are not tests):
 *
 *   npx tsc -p tsconfig.build.json && node bench/discovery.mjs [--files 100000] [--runs 5]
 *     [--dir DIR] [--module dist/index.js]
 *
 * The tree is made once in DIR (default: the OS temp dir) and kept for the next runs;
 * delete it when done. Prints one JSON line: files found and the median and best
 * milliseconds of `discoverInputs([dir])` and of the default search (`$CODEX_HOME`), each
 * after one untimed warm-up (the page cache holds the tree, as for a second run).
 * `--module` takes another build of the library, to compare with an older version.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string' },
    module: { type: 'string', default: fileURLToPath(new URL('../dist/index.js', import.meta.url)) },
  },
});
const files = Number(values.files);
const runs = Number(values.runs);
const codexHome = resolve(values.dir ?? join(tmpdir(), `rollout-kit-discovery-bench-${files}`));
const { discoverInputs } = await import(pathToFileURL(resolve(values.module)).href);

makeTree(codexHome, files);
const sessions = join(codexHome, 'sessions');
const directory = await time(() => discoverInputs([sessions]));
const defaults = await time(() => discoverInputs([], { codexHome }));
process.stdout.write(`${JSON.stringify({ files, codexHome, directory, defaults })}\n`);

/** Day directories of 100 rollouts each (a busy user's day), months of 28 days. */
function makeTree(home, count) {
  const marker = join(home, 'bench-files.txt');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) return;
  let made = 0;
  for (let day = 0; made < count; day++) {
    const year = 2024 + Math.floor(day / 336);
    const month = String(Math.floor(day / 28) % 12 + 1).padStart(2, '0');
    const date = String(day % 28 + 1).padStart(2, '0');
    const dir = join(home, 'sessions', String(year), month, date);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 100 && made < count; i++, made++) {
      const id = `0199${String(made).padStart(8, '0')}-0000-7000-8000-000000000000`;
      writeFileSync(join(dir, `rollout-${year}-${month}-${date}T10-${String(i % 60).padStart(2, '0')}-00-${id}.jsonl`), '{}\n');
    }
  }
  writeFileSync(marker, String(count));
}

/** Wall time, and CPU time of the whole process (libuv's threads included): on a shared machine, the steadier of the two. */
async function time(discover) {
  let found = (await discover()).files.length;
  const wall = [];
  const cpu = [];
  for (let run = 0; run < runs; run++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    found = (await discover()).files.length;
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { found, medianMs: median(wall), bestMs: Math.round(Math.min(...wall)), cpuMedianMs: median(cpu) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}
