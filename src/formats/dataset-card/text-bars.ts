/** Small bar charts in text, for tables read in a terminal or on the Hub alike. */
import { compareCodeUnits } from '../../bytes/code-unit-order.js';

const BAR_WIDTH = 20;
const FULL = '█';
/** Eighths of a cell, so a small share still shows. */
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `share` (0..1) of BAR_WIDTH cells long; never empty for a share above 0. */
export function textBar(share: number): string {
  const eighths = Math.max(share > 0 ? 1 : 0, Math.round(share * BAR_WIDTH * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + PARTIAL[eighths % 8];
}

/** A markdown table of counts, largest first (ties by name), with a bar and a percentage each. */
export function renderCountTable(heading: string, counts: ReadonlyMap<string, number> | readonly (readonly [string, number])[], unit: string): string[] {
  const entries = [...(counts instanceof Map ? counts.entries() : counts)] as [string, number][];
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const sorted = entries.sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b));
  const lines = [`| ${heading} | ${unit} | share |`, '| --- | ---: | --- |'];
  for (const [name, count] of sorted) {
    const share = total === 0 ? 0 : count / total;
    lines.push(`| ${escapeCell(name)} | ${count} | \`${textBar(share).padEnd(BAR_WIDTH)}\` ${(share * 100).toFixed(1)}% |`);
  }
  return lines;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
