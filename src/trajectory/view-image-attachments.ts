/**
 * Codex 0.29 to 0.100 answered a view_image call with the text "attached local image
 * path" and injected the image itself as a separate, image-only user-role message,
 * right after the output (0.47: right before it). From 0.130 the image is part of the
 * tool output. That injected message is not user input: its image belongs to the
 * view_image output, which is where every version's record carries it.
 */
import type { PendingStep } from './built-step.js';

type BuiltToolOutputStep = Extract<PendingStep, { type: 'tool_output' }>;

export class ViewImageAttachments {
  /** A view_image call whose output has not arrived yet. */
  private awaitingCallId: string | null = null;
  /** Images injected before their call's output arrived. */
  private early: string[] = [];
  /** A view_image output without images, held back until the next step shows whether an image follows. */
  private held: BuiltToolOutputStep | null = null;

  /** Takes an image-only user message that belongs to the latest view_image call; null when it does not. */
  absorb(images: string[]): PendingStep[] | null {
    if (this.held) {
      const step = { ...this.held, images: [...(this.held.images ?? []), ...images] };
      this.held = null;
      return [step];
    }
    if (this.awaitingCallId === null) return null;
    this.early.push(...images);
    return [];
  }

  /** Passes a record's steps through, holding back or completing view_image outputs. */
  pass(steps: PendingStep[]): PendingStep[] {
    if (steps.length === 0) return steps;
    const out = this.flush();
    for (const step of steps) {
      if (step.type === 'tool_call' && step.name === 'view_image' && step.call_id !== null) this.awaitingCallId = step.call_id;
      if (step.type === 'tool_output' && step.call_id === this.awaitingCallId) {
        this.awaitingCallId = null;
        const images = [...(step.images ?? []), ...this.early];
        this.early = [];
        if (images.length === 0) {
          this.held = step;
          continue;
        }
        out.push({ ...step, images });
        continue;
      }
      out.push(step);
    }
    return out;
  }

  /** Releases a held output (at the next step, or at the end of the session). */
  flush(): PendingStep[] {
    const held = this.held;
    this.held = null;
    return held ? [held] : [];
  }
}
