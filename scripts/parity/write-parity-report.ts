/**
 * `npm run parity`: runs the parity check over fixtures/oracle and writes docs/parity.md.
 *
 *   --verbose   also print every difference, excused (with its allow-list entry) or not
 *   --check     write nothing; exit 1 when docs/parity.md differs from what the code gives now
 *
 * Exits 1 when a difference is not on the allow-list or an allow-list entry is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAllowlist } from './allowlist.js';
import { describeDifference } from './describe-difference.js';
import { renderParityReport, formatPercent } from './parity-report.js';
import { runParity } from './run-parity.js';

/** The package root: the working directory (where npm runs scripts) or the nearest one above it. */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rollout-kit') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the rollout-kit package root');
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } } });
  const root = findPackageRoot(process.cwd());
  const allowlist = readAllowlist(path.join(root, 'fixtures/oracle/parity-allowlist.json'));
  const run = await runParity([path.join(root, 'fixtures/oracle'), path.join(root, 'fixtures/oracle-extra')], allowlist);
  const report = renderParityReport(run, allowlist);
  const reportPath = path.join(root, 'docs/parity.md');

  if (values.verbose) {
    for (const cell of run.cells) {
      if (cell.status !== 'compared' || (!cell.excused.length && !cell.unexcused.length && !cell.errors.length)) continue;
      console.log(`## ${cell.cell.label}/${cell.cell.scenario}: ${cell.equal}/${cell.expected}`);
      for (const error of cell.errors) console.log(`  ERROR ${error}`);
      for (const { difference, excuse } of cell.excused) console.log(`  ok   ${describeDifference(difference)}  [${excuse.entryId}: ${excuse.kinds.join(', ')}]`);
      for (const difference of cell.unexcused) console.log(`  FAIL ${describeDifference(difference)}`);
    }
  }
  const { expected, equal, excusedExpected, unexcused } = run.totals;
  console.log(`parity ${equal}/${expected} events (${formatPercent(equal, expected)}); on supported events ${equal}/${expected - excusedExpected} (${formatPercent(equal, expected - excusedExpected)})`);
  console.log(`allow-listed expected events: ${excusedExpected}; differences not on the allow-list: ${unexcused}; stale allow-list entries: ${run.stale.length}`);
  for (const stale of run.stale) console.log(`stale: ${stale.entryId}: ${stale.problem}`);

  let status = unexcused || run.stale.length ? 1 : 0;
  if (values.check) {
    const current = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '';
    if (current !== report) {
      console.log('docs/parity.md is out of date: run `npm run parity`');
      status = 1;
    } else console.log('docs/parity.md is up to date');
  } else {
    writeFileSync(reportPath, report);
    console.log(`wrote ${path.relative(process.cwd(), reportPath) || reportPath}`);
  }
  return status;
}

process.exitCode = await main();
