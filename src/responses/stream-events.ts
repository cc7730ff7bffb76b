/**
 * From a turn's event log to the response's stream events, numbered from 0. The numbering is
 * a pure function of the log: replaying the turn from its first event yields the same events
 * with the same sequence numbers, in any Worker, after any restart. That is how
 * `starting_after` resumes a stream without storing the response events themselves.
 */

import type { Prices } from '../app-config.ts';
import { keptStepOf } from '../core/events.ts';
import { STEP_SEPARATOR } from '../core/prompts.ts';
import type { ErrorEnvelope } from '../openai/response-schemas.ts';
import type { StoredEvent } from '../turn-log.ts';
import type { ResponseStreamEvent, UnnumberedEvent } from './event-schemas.ts';
import {
  messageItem,
  type ResponseIdentity,
  type ResponseProgress,
  reasoningItem,
  responseObject,
  responseStatus,
} from './resource.ts';
import type { ResponseObject } from './resource-schemas.ts';
import { outputItemIds } from './response-id.ts';

const REASONING = 0;
const MESSAGE = 1;

const TERMINAL = {
  completed: 'response.completed',
  incomplete: 'response.incomplete',
  failed: 'response.failed',
  cancelled: 'response.cancelled',
} as const;

export class ResponseEventStream {
  private next = 0;
  private readonly ids: { reasoning: string; message: string };
  private readonly progress: ResponseProgress = {
    started: false,
    steps: [],
    thinkingDone: false,
    answer: '',
    turnStatus: 'running',
    answerFinish: undefined,
    endedAt: undefined,
    usage: undefined,
    failure: undefined,
  };

  constructor(
    private readonly identity: ResponseIdentity,
    private readonly prices: Prices,
  ) {
    this.ids = outputItemIds(identity.id);
  }

  /** The snapshot as of the events pushed so far. */
  snapshot(): ResponseObject {
    return responseObject(this.identity, this.progress, this.prices);
  }

  /** The events that open every stream, before the turn's own. */
  opening(): ResponseStreamEvent[] {
    return this.number([{ type: 'response.created', response: this.snapshot() }]);
  }

  push(stored: StoredEvent): ResponseStreamEvent[] {
    const event = stored.event;
    const out: UnnumberedEvent[] = [];
    const kept = keptStepOf(event);
    if (event.type === 'turn-start' || (kept !== undefined && !this.progress.started)) {
      this.start(out);
    }
    if (kept !== undefined) this.keep(kept.text, out);
    else if (event.type === 'thinking-end') this.endThinking(out);
    else if (event.type === 'answer-delta') {
      if (!this.progress.thinkingDone) this.endThinking(out);
      this.progress.answer += event.text;
      out.push({
        type: 'response.output_text.delta',
        ...this.at(MESSAGE),
        content_index: 0,
        delta: event.text,
        logprobs: [],
      });
    } else if (event.type === 'turn-end') {
      if (!this.progress.started) this.start(out);
      this.progress.turnStatus = event.status;
      this.progress.answerFinish = event.finishReason === 'length' ? 'length' : 'stop';
      this.progress.usage = event.usage;
      this.progress.failure = event.failure;
      this.progress.endedAt = stored.at;
      this.close(out);
    }
    return this.number(out);
  }

  /** An in-band error (not part of the durable stream: a resumed stream never repeats it). */
  error(error: ErrorEnvelope['error']) {
    return { type: 'error' as const, sequence_number: this.next, error };
  }

  private start(out: UnnumberedEvent[]): void {
    if (this.progress.started) return;
    this.progress.started = true;
    out.push({ type: 'response.in_progress', response: this.snapshot() });
    out.push({
      type: 'response.output_item.added',
      output_index: REASONING,
      item: reasoningItem(this.identity, [], 'in_progress'),
    });
    out.push({
      type: 'response.content_part.added',
      ...this.at(REASONING),
      content_index: 0,
      part: { type: 'reasoning_text', text: '' },
    });
  }

  private keep(text: string, out: UnnumberedEvent[]): void {
    const index = this.progress.steps.length;
    this.progress.steps.push(text);
    const where = this.at(REASONING);
    out.push({
      type: 'response.reasoning.delta',
      ...where,
      content_index: 0,
      delta: (index === 0 ? '' : STEP_SEPARATOR) + text,
    });
    const part = { type: 'summary_text' as const, text };
    out.push({
      type: 'response.reasoning_summary_part.added',
      ...where,
      summary_index: index,
      part: { type: 'summary_text', text: '' },
    });
    out.push({
      type: 'response.reasoning_summary_text.delta',
      ...where,
      summary_index: index,
      delta: text,
    });
    out.push({
      type: 'response.reasoning_summary_text.done',
      ...where,
      summary_index: index,
      text,
    });
    out.push({
      type: 'response.reasoning_summary_part.done',
      ...where,
      summary_index: index,
      part,
    });
  }

  private closeReasoning(out: UnnumberedEvent[], status: 'completed' | 'incomplete'): void {
    const text = this.progress.steps.join(STEP_SEPARATOR);
    const where = this.at(REASONING);
    out.push({ type: 'response.reasoning.done', ...where, content_index: 0, text });
    out.push({
      type: 'response.content_part.done',
      ...where,
      content_index: 0,
      part: { type: 'reasoning_text', text },
    });
    out.push({
      type: 'response.output_item.done',
      output_index: REASONING,
      item: reasoningItem(this.identity, this.progress.steps, status),
    });
  }

  private endThinking(out: UnnumberedEvent[]): void {
    if (this.progress.thinkingDone) return;
    this.progress.thinkingDone = true;
    this.closeReasoning(out, 'completed');
    out.push({
      type: 'response.output_item.added',
      output_index: MESSAGE,
      item: messageItem(this.identity, '', 'in_progress'),
    });
    out.push({
      type: 'response.content_part.added',
      ...this.at(MESSAGE),
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
  }

  private close(out: UnnumberedEvent[]): void {
    const status = responseStatus(this.progress);
    if (!this.progress.thinkingDone) {
      this.closeReasoning(out, 'incomplete');
    } else {
      const text = this.progress.answer;
      const where = this.at(MESSAGE);
      out.push({
        type: 'response.output_text.done',
        ...where,
        content_index: 0,
        text,
        logprobs: [],
      });
      out.push({
        type: 'response.content_part.done',
        ...where,
        content_index: 0,
        part: { type: 'output_text', text, annotations: [] },
      });
      out.push({
        type: 'response.output_item.done',
        output_index: MESSAGE,
        item: messageItem(this.identity, text, status === 'completed' ? 'completed' : 'incomplete'),
      });
    }
    if (status === 'queued' || status === 'in_progress') return;
    out.push({ type: TERMINAL[status], response: this.snapshot() });
  }

  private at(outputIndex: number) {
    return {
      item_id: outputIndex === REASONING ? this.ids.reasoning : this.ids.message,
      output_index: outputIndex,
    };
  }

  private number(events: UnnumberedEvent[]): ResponseStreamEvent[] {
    return events.map(
      (event) => ({ ...event, sequence_number: this.next++ }) as ResponseStreamEvent,
    );
  }
}
