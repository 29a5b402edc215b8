/**
 * Aligned tables for a terminal: a title, a header row, text columns left-aligned and
 * numbers right-aligned, and a share column drawn as a small bar (the dataset card's bars).
 * Colour only where the caller says the output is a terminal without NO_COLOR.
 */
import { textBar } from '../formats/dataset-card/text-bars.js';

export type TableStyle = { color: boolean };

export type Table = {
  title: string;
  /** Column headers; the first column is text, the others numbers. */
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Each row's share of the whole, drawn as a bar after the columns (none: no bar). */
  shares?: readonly number[];
  /** A line after the rows (rows left out, a total). */
  note?: string;
};

const INDENT = '  ';
const GAP = '  ';
const BAR_CELLS = 20;

/** Emphasis for a terminal; the text as it is otherwise. */
export function painter(style: TableStyle): { bold(text: string): string; dim(text: string): string; cyan(text: string): string } {
  const sgr = (open: string, close: string) => (text: string) => (style.color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: sgr('1', '22'), dim: sgr('2', '22'), cyan: sgr('36', '39') };
}

export function renderTable(table: Table, style: TableStyle): string[] {
  const widths = table.headers.map((header, column) => Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(GAP);
  const { bold, dim, cyan } = painter(style);
  const lines = [bold(table.title), INDENT + dim(line(table.headers) + (table.shares ? `${GAP}share` : '')).trimEnd()];
  table.rows.forEach((row, index) => {
    const share = table.shares?.[index];
    const bar = share === undefined ? '' : `${GAP}${cyan(textBar(share).padEnd(BAR_CELLS))} ${formatPercent(share)}`;
    lines.push(INDENT + line(row) + bar);
  });
  if (table.note) lines.push(INDENT + dim(table.note));
  return lines;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`.padStart(6);
}

/** `3 turns`, `1 turn`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** 1,234,567: counts in full, grouped by thousands. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Token sums, compact: 950, 12.3k, 4.56M, 1.20G. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  const [value, unit] = n < 1e6 ? [n / 1e3, 'k'] : n < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'G'];
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)}${unit}`;
}
