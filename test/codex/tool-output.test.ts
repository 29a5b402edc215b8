import { describe, expect, it } from 'vitest';
import { parseExecOutput, readToolOutput } from '../../src/codex/tool-output.js';

// Output texts copied from real rollouts in fixtures/oracle.
describe('parseExecOutput', () => {
  it('reads the structured JSON form of shell (<= 0.58)', () => {
    const text = '{"output":"about to fail\\n","metadata":{"exit_code":3,"duration_seconds":0.0}}';
    expect(parseExecOutput(text)).toEqual({ exitCode: 3, body: 'about to fail\n', runningSessionId: null });
  });

  it('drops the "Total output lines" header of a truncated 0.47-0.58 body', () => {
    const text = JSON.stringify({ output: 'Total output lines: 3000\n\n1\n2\n', metadata: { exit_code: 0 } });
    expect(parseExecOutput(text).body).toBe('1\n2\n');
  });

  it('reads the freeform shell_command form (0.66-0.80)', () => {
    expect(parseExecOutput('Exit code: 0\nWall time: 0 seconds\nOutput:\nhi\n')).toEqual({ exitCode: 0, body: 'hi\n', runningSessionId: null });
  });

  it('reads the unified exec form (0.100+)', () => {
    const text = 'Chunk ID: d5db3f\nWall time: 0.0512 seconds\nProcess exited with code 0\nOriginal token count: 1\nOutput:\nhi\n';
    expect(parseExecOutput(text)).toEqual({ exitCode: 0, body: 'hi\n', runningSessionId: null });
  });

  it('keeps a unified exec session open while the process runs', () => {
    const text = 'Chunk ID: 1\nWall time: 10.0 seconds\nProcess running with session ID 7\nOriginal token count: 0\nOutput:\npartial';
    expect(parseExecOutput(text)).toEqual({ exitCode: null, body: 'partial', runningSessionId: 7 });
  });

  it('leaves the exit code unknown for an output in no known dialect', () => {
    expect(parseExecOutput('exec command rejected by user')).toEqual({ exitCode: null, body: 'exec command rejected by user', runningSessionId: null });
  });

  it('does not take an "Exit code:" line inside the body for the header', () => {
    expect(parseExecOutput('Exit code: 1\nWall time: 0 seconds\nOutput:\nExit code: 0\n').exitCode).toBe(1);
  });
});

describe('readToolOutput', () => {
  it('joins content items and keeps images apart (2026 outputs)', () => {
    const wire = [
      { type: 'input_text', text: 'Script completed\nWall time 0.1 seconds\nOutput:\n' },
      { type: 'input_image', image_url: 'data:image/png;base64,AAA' },
      { type: 'input_text', text: 'exit_code=0\nhi\n' },
    ];
    expect(readToolOutput(wire)).toEqual({ text: 'Script completed\nWall time 0.1 seconds\nOutput:\n\nexit_code=0\nhi\n', images: ['data:image/png;base64,AAA'] });
  });

  it('accepts the {content, success} object some builds wrote', () => {
    expect(readToolOutput({ content: 'done', success: true })).toEqual({ text: 'done', images: [] });
  });
});
