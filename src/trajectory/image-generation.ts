/**
 * The built-in image generation tool (2026): one `image_generation_call` item holds both
 * the call (the prompt as the tool rewrote it) and its result, the image as base64 bytes.
 * It becomes the pair of steps any other tool gives: a `tool_call` named `image_generation`
 * and a `tool_output` whose `images` holds the picture as a data URL, as view_image outputs do.
 */
import type { ImageGenerationCallItem } from '../rollout/response-item.js';
import type { TrajectoryStep } from './rl-schema.js';
import type { WithoutTurn } from './built-step.js';

/** The Images API returns PNG unless asked otherwise; a result that is already a data URL is kept. */
function imageDataUrl(result: string): string {
  return result.startsWith('data:') ? result : `data:image/png;base64,${result}`;
}

export function imageGenerationSteps(item: ImageGenerationCallItem, timestamp: string | null): WithoutTurn<TrajectoryStep>[] {
  const callId = item.id ?? null;
  const prompt = item.revised_prompt ?? null;
  const steps: WithoutTurn<TrajectoryStep>[] = [
    { type: 'tool_call', name: 'image_generation', arguments: prompt === null ? null : JSON.stringify({ revised_prompt: prompt }), call_id: callId, timestamp },
  ];
  if (callId !== null && item.result) {
    steps.push({ type: 'tool_output', call_id: callId, output: item.status ?? '', timestamp, images: [imageDataUrl(item.result)] });
  }
  return steps;
}
