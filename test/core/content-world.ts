/**
 * A deterministic backend whose replies depend only on the request content, like a seeded
 * model server: the draft writes "Step n by draft after <origin of step n-1>", the judge rejects the steps listed as bad,
 * the base model writes "Step n by base", and step `answerAt` holds the boxed answer.
 */
import type { MachineInput } from '../../src/core/state.ts';
import { generated, judged } from '../fakes/fake-models.ts';
import type { Responder } from './machine-harness.ts';

function stepsIn(content: string): string[] {
  const thinking = content.startsWith('<think>') ? content.slice('<think>'.length) : '';
  return thinking === '' ? [] : thinking.split('\n\n').slice(0, -1);
}

export function contentWorld(options: { bad: number[]; answerAt: number }): Responder {
  return ({ call, request }): MachineInput => {
    const messages = request.messages;
    if (request.type === 'judge') {
      const steps = stepsIn(messages.at(-3)?.content ?? '');
      const last = steps.at(-1) ?? '';
      const number = Number(/Step (\d+)/.exec(last)?.[1] ?? -1);
      const bad = options.bad.includes(number) && last.includes('by draft');
      return { type: 'judge-done', callId: call.id, result: judged(bad ? 3 : 9), elapsedMs: 2 };
    }
    const last = messages.at(-1);
    const steps = last?.role === 'assistant' ? stepsIn(last.content) : [];
    const n = steps.length;
    if (call.kind === 'answer') {
      return {
        type: 'call-done',
        callId: call.id,
        result: generated('</think>\n\n5'),
        elapsedMs: 4,
      };
    }
    const after = n === 0 ? '' : ` after ${steps.at(-1)?.includes('by base') ? 'base' : 'draft'}`;
    const text =
      n === options.answerAt ? `Step ${n}: \\boxed{5}` : `Step ${n} by ${request.model}${after}`;
    return { type: 'call-done', callId: call.id, result: generated(text), elapsedMs: 10 };
  };
}
