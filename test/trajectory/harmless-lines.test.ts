/**
 * Line shapes real 2026 files hold that are not in the oracle recordings: each is read
 * and kept, never dropped with only an issue as its trace (issue 10, item 8). The fixture
 * is hand-written in the shape of Desktop 0.146 files (fixtures/turns/README.md).
 */
import { describe, expect, it } from 'vitest';
import { convertToRecords } from './convert-records.js';

const FILE = 'fixtures/turns/rollout-2026-03-02T09-00-00-0a1b2c3d-0000-4000-8000-000000000005.jsonl';

describe('2026 line shapes outside the oracle corpus', () => {
  it('convert with no issue and lose nothing the model saw or said', async () => {
    const { records, issues } = await convertToRecords([FILE]);
    expect(issues).toEqual([]);
    const steps = records[0]!.trajectory.map(({ type, ...rest }) => ({ type, ...('name' in rest ? { name: rest.name } : {}) }));
    expect(steps).toEqual([
      { type: 'user_message' },
      { type: 'tool_call', name: 'image_generation' },
      { type: 'tool_output' },
      { type: 'tool_call', name: 'list_assets' },
      { type: 'tool_output' },
      { type: 'assistant_message' },
    ]);
  });

  it('a user image whose bytes were not kept leaves the message text, with no image', async () => {
    const { records } = await convertToRecords([FILE]);
    const user = records[0]!.trajectory[0]!;
    expect(user).toMatchObject({ type: 'user_message', content: 'Make a logo like this sketch and list the assets folder.' });
    expect(user).not.toHaveProperty('images');
  });

  it('an image generation call is a tool call with its prompt and an output holding the image', async () => {
    const { records } = await convertToRecords([FILE]);
    const [call, output] = records[0]!.trajectory.slice(1, 3);
    expect(call).toMatchObject({ arguments: '{"revised_prompt":"A flat blue hexagon logo"}', call_id: 'ig_01' });
    expect(output).toMatchObject({ type: 'tool_output', call_id: 'ig_01', output: 'completed' });
    expect(output && 'images' in output && output.images).toEqual([expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/)]);
  });

  it('a call written with null arguments keeps null; its output written as one content item keeps its text', async () => {
    const { records } = await convertToRecords([FILE]);
    const [call, output] = records[0]!.trajectory.slice(3, 5);
    expect(call).toMatchObject({ type: 'tool_call', arguments: null, call_id: 'call_la_1' });
    expect(output).toMatchObject({ type: 'tool_output', call_id: 'call_la_1', output: 'logo.svg\nfavicon.ico\n' });
  });
});
