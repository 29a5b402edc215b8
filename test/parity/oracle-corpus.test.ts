// The corpus layout rules: cells in version and scenario order, and the expected stream of a
// multi-process scenario (exec-1, exec-2: a resume) as one stream with one thread.started.
import { describe, expect, it } from 'vitest';
import { compareLabels, listOracleCells, readExpectedStreams, SCENARIO_ORDER } from '../../scripts/parity/oracle-corpus.js';
import { CORPUS, readExec } from './oracle-streams.js';

describe('listOracleCells', () => {
  it('lists versions numerically (0.8 before 0.20, 0.169.0 before 0.169.0+gpt-5.5) and scenarios in script order', () => {
    const cells = listOracleCells(CORPUS);
    const labels = [...new Set(cells.map((cell) => cell.label))];
    expect(labels.slice(0, 3)).toEqual(['0.8.0', '0.20.0', '0.29.0']);
    expect(labels.slice(-2)).toEqual(['0.169.0', '0.169.0+gpt-5.5']);
    expect(cells.filter((cell) => cell.label === '0.130.0').map((cell) => cell.scenario)).toEqual([...SCENARIO_ORDER]);
    expect(compareLabels('0.100.0', '0.47.0')).toBeGreaterThan(0);
  });
});

describe('readExpectedStreams', () => {
  it('concatenates the exec outputs of a resumed session without the repeated thread.started', () => {
    const { shape, groups } = readExpectedStreams(`${CORPUS}/0.169.0/multi-turn`);
    const first = readExec('0.169.0/multi-turn', 'exec-1.jsonl');
    const second = readExec('0.169.0/multi-turn', 'exec-2.jsonl');
    expect(shape).toBe('thread-events');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.execFiles.map((file) => file.split('/').at(-1))).toEqual(['exec-1.jsonl', 'exec-2.jsonl']);
    expect(second[0]!.obj.type).toBe('thread.started');
    expect(groups[0]!.events.map(({ raw }) => raw)).toEqual([...first, ...second.slice(1)].map(({ raw }) => raw));
  });

  it('marks the {id, msg} exec output of 0.40 as legacy', () => {
    expect(readExpectedStreams(`${CORPUS}/0.40.0/multi-turn`).shape).toBe('legacy-msg');
  });
});
