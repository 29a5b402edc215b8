/**
 * The record's steps as chat messages, in file order, as the model saw and said them:
 *
 * - the system instructions are the first message (`system`);
 * - what one model response said is one assistant message per run of reasoning, text and
 *   calls in that order: its reasoning (`reasoning_content`, the reasoning steps before the
 *   text, joined by a blank line), its text (`content`) and its calls (`tool_calls`). Codex
 *   records a response's items before anything the model reads next, so a response is a
 *   run of model-output steps between two inputs, within one turn; reasoning or text that
 *   comes after the message's text or calls starts the next assistant message, so the
 *   order of what the model said is kept;
 * - shell commands are tool calls (the raw tool name and arguments the model emitted);
 * - each tool output is a `tool` message naming its call; an output whose call is not in
 *   the trajectory cannot be a tool message (no call to answer): it is a user message with
 *   `kind: "tool_output_without_call"`, its text kept;
 * - a call id is used once in the row, as chat templates need: a call whose id an earlier
 *   call of the trajectory had (a rollout line written twice) is named `<id>-rollout-kit-repeat-<n>`,
 *   and the outputs with that id answer its calls in order, the oldest unanswered first;
 * - code mode's nested actions (`parent_call_id`) are left out: the model called `exec`
 *   and saw `exec`'s output, not the tools its program ran;
 * - an async message to the user (`delivery: "async"`) is left out: the model said it as
 *   the arguments of the call that delivered it, which the assistant message holds;
 * - user input is a user message; injected context a system, developer or user message
 *   (its role) with the context `kind`; a compaction is the user message Codex put in
 *   place of the history (`kind: "compaction"`; "" when the summary is only held
 *   encrypted); a message from another agent is a user message named after its sender;
 * - a step of a rolled-back turn (`--keep-rolled-back`) or of a fork's copied history
 *   (`--keep-copied`) marks its message `rolled_back` / `is_copied_context`; a response
 *   never spans copied and own steps.
 */
import type { AssistantChatMessage, ChatMessage, MessageToolCall } from '../../trajectory/messages-schema.js';
import type { TrajectoryStep } from '../../trajectory/rl-schema.js';

type CallStep = Extract<TrajectoryStep, { type: 'tool_call' | 'shell_command' }>;

/** An assistant message being assembled, with the turn it belongs to and its calls' ids. */
class OpenResponse {
  readonly reasoning: string[] = [];
  readonly callIds = new Set<string>();

  constructor(
    readonly message: AssistantChatMessage,
    readonly turn: number,
    readonly copied: boolean,
  ) {}

  get saidSomething(): boolean {
    return this.message.content !== '' || this.message.tool_calls !== undefined;
  }
}

export function messagesFromSteps(systemInstructions: string | null, steps: readonly TrajectoryStep[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  /** Name of each call an assistant message made, by the id the row gives it. */
  const calls = new Map<string, string>();
  /** Per call id of the trajectory: the ids its calls were given, those not yet answered oldest first. */
  const given = new Map<string, { unanswered: string[]; latest: string }>();
  const answerOf = (callId: string): string | undefined => {
    const ids = given.get(callId);
    return ids === undefined ? undefined : (ids.unanswered.shift() ?? ids.latest);
  };
  let open: OpenResponse | null = null;
  let synthesizedIds = 0;

  const openResponse = (step: TrajectoryStep): OpenResponse => {
    const message: AssistantChatMessage = { role: 'assistant', content: '' };
    messages.push(message);
    open = new OpenResponse(message, step.turn, step.is_copied_context === true);
    return open;
  };
  const continueResponse = (step: TrajectoryStep, startsAnew: (response: OpenResponse) => boolean): OpenResponse =>
    open !== null && open.turn === step.turn && open.copied === (step.is_copied_context === true) && !startsAnew(open) ? open : openResponse(step);

  if (systemInstructions !== null) messages.push({ role: 'system', content: systemInstructions, kind: 'system_instructions' });

  for (const step of steps) {
    if ('parent_call_id' in step && step.parent_call_id !== undefined) continue;
    if (step.type === 'assistant_message' && step.delivery === 'async' && step.call_id !== undefined && given.has(step.call_id)) continue;
    if (step.type === 'reasoning') {
      const response = continueResponse(step, (r) => r.saidSomething);
      response.reasoning.push(step.content);
      response.message.reasoning_content = response.reasoning.join('\n\n');
      markStep(response.message, step);
      continue;
    }
    if (step.type === 'assistant_message') {
      const response = continueResponse(step, (r) => r.saidSomething);
      response.message.content = step.content;
      markStep(response.message, step);
      continue;
    }
    if (step.type === 'tool_call' || step.type === 'shell_command') {
      const callId = step.call_id ?? `rollout-kit-call-${++synthesizedIds}`;
      const response = continueResponse(step, (r) => r.callIds.has(callId));
      let id = callId;
      for (let repeat = 2; calls.has(id); repeat++) id = `${callId}-rollout-kit-repeat-${repeat}`;
      (response.message.tool_calls ??= []).push(toToolCall(step, id));
      response.callIds.add(callId);
      calls.set(id, step.name);
      const ids = given.get(callId);
      if (ids === undefined) given.set(callId, { unanswered: [id], latest: id });
      else {
        ids.unanswered.push(id);
        ids.latest = id;
      }
      markStep(response.message, step);
      continue;
    }
    open = null;
    messages.push(inputMessage(step, step.type === 'tool_output' ? answerOf(step.call_id) : undefined, calls));
  }
  return messages;
}

function toToolCall(step: CallStep, id: string): MessageToolCall {
  const namespace = step.type === 'tool_call' ? step.namespace : undefined;
  return { id, type: 'function', function: { name: step.name, arguments: step.arguments ?? '' }, ...(namespace !== undefined ? { namespace } : {}) };
}

type InputStep = Exclude<TrajectoryStep, { type: 'reasoning' | 'assistant_message' | 'tool_call' | 'shell_command' }>;

/** `answers`: for a tool output, the id the row gave the call it answers (none: no such call). */
function inputMessage(step: InputStep, answers: string | undefined, calls: ReadonlyMap<string, string>): ChatMessage {
  const marks = { ...(step.rolled_back ? { rolled_back: true as const } : {}), ...(step.is_copied_context ? { is_copied_context: true as const } : {}) };
  switch (step.type) {
    case 'tool_output': {
      const images = step.images ? { images: step.images } : {};
      const name = answers === undefined ? undefined : calls.get(answers);
      if (answers === undefined || name === undefined) return { role: 'user', content: step.output, ...images, kind: 'tool_output_without_call', ...marks };
      return { role: 'tool', tool_call_id: answers, name, content: step.output, ...images, ...marks };
    }
    case 'user_message':
      return { role: 'user', content: step.content, ...(step.images ? { images: step.images } : {}), ...marks };
    case 'context': {
      const role = step.role === 'user' ? 'user' : step.role === 'system' ? 'system' : 'developer';
      return { role, content: step.content, kind: step.kind, ...marks };
    }
    case 'compaction':
      return { role: 'user', content: step.summary ?? '', kind: 'compaction', ...marks };
    case 'inter_agent_message':
      return { role: 'user', content: step.content, ...(step.author !== null ? { name: step.author } : {}), kind: 'inter_agent_message', ...marks };
  }
}

/** A rolled-back or copied step marks the assistant message that holds it. */
function markStep(message: AssistantChatMessage, step: TrajectoryStep): void {
  if (step.rolled_back) message.rolled_back = true;
  if (step.is_copied_context) message.is_copied_context = true;
}
