import { describe, expect, it } from 'vitest';
import { splitDamagedLine } from '../../src/rollout/legacy-damaged-line.js';

const STATE_1 = '{"record_type":"state","previous_response_id":"resp_mock_2"}';
const STATE_2 = '{"record_type":"state","previous_response_id":"resp_mock_3"}';

describe('splitDamagedLine', () => {
  it('splits objects run together on one line (the 0.8 resume damage)', () => {
    expect(splitDamagedLine(STATE_1 + STATE_2)).toEqual({ objects: [STATE_1, STATE_2], tail: '' });
    expect(splitDamagedLine(`${STATE_1}  ${STATE_2} `)).toEqual({ objects: [STATE_1, STATE_2], tail: '' });
  });

  it('keeps complete objects and returns the cut-off one as the tail', () => {
    const cut = '{"type":"message","role":"user","content":[{"type":"in';
    expect(splitDamagedLine(STATE_1 + cut)).toEqual({ objects: [STATE_1], tail: cut });
    expect(splitDamagedLine(cut)).toEqual({ objects: [], tail: cut });
  });

  it('ignores brackets and escaped quotes inside strings', () => {
    const tricky = '{"type":"function_call_output","call_id":"c","output":"{\\"a\\": [1, \\"}\\"]} \\\\"}';
    expect(JSON.parse(tricky)).toBeTypeOf('object');
    expect(splitDamagedLine(tricky + tricky)).toEqual({ objects: [tricky, tricky], tail: '' });
    // Cut inside a string that holds a closing brace: still one incomplete object.
    const cutInString = tricky.slice(0, tricky.indexOf('}'));
    expect(splitDamagedLine(STATE_1 + cutInString)).toEqual({ objects: [STATE_1], tail: cutInString });
  });

  it('returns null for lines that are not a run of objects', () => {
    expect(splitDamagedLine(`${STATE_1} trailing words`)).toBeNull();
    expect(splitDamagedLine(`garbage ${STATE_1}`)).toBeNull();
    expect(splitDamagedLine(`${STATE_1}}`)).toBeNull();
    expect(splitDamagedLine('"just a string"')).toBeNull();
    expect(splitDamagedLine('42')).toBeNull();
  });
});
