/**
 * "Nothing lost, nothing repeated", checked from the outside: a turn's event log (the events
 * route) against its steps table (the turn detail route). Returns every problem found, so a
 * failing suite says which conversation broke which promise.
 */
import type { LoggedEvent, TurnTrace } from '../../support/stack-client.ts';

const KEPT = new Set(['step-accepted', 'step-regenerated', 'step-generated']);
const SEPARATOR = '\n\n';

export function auditTurn(trace: TurnTrace, events: readonly LoggedEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((event, position) => {
    const previous = events[position - 1];
    if (previous !== undefined && event.seq !== previous.seq + 1)
      problems.push(`event seq ${event.seq} follows ${previous.seq}: not contiguous`);
  });
  if (events[0]?.type !== 'turn-start') problems.push('the log does not open with turn-start');
  const starts = events.filter((event) => event.type === 'turn-start').length;
  if (starts !== 1) problems.push(`${starts} turn-start events`);

  const kept = events.filter((event) => KEPT.has(event.type));
  const indices = kept.map((event) => event.index);
  const expected = trace.steps.map((_, index) => index);
  if (JSON.stringify(indices) !== JSON.stringify(expected))
    problems.push(
      `kept step indices ${JSON.stringify(indices)}, expected ${expected.length} in order`,
    );
  trace.steps.forEach((step, index) => {
    if (step.index !== index) problems.push(`steps table row ${index} has index ${step.index}`);
    const event = kept[index];
    if (event !== undefined && event.text !== step.text)
      problems.push(`step ${index}: the log and the steps table hold different text`);
  });
  const logged = kept.map((event) => event.text ?? '').join(SEPARATOR);
  if (logged !== reasoningOf(trace)) problems.push('the logged reasoning differs from the steps');

  const ends = events.filter((event) => event.type === 'turn-end');
  const ended = trace.status === 'completed' || trace.status === 'failed';
  if (ended && events.at(-1)?.type !== 'turn-end')
    problems.push(`the turn is ${trace.status} but its log does not end with turn-end`);
  if (ended && events.at(-1)?.status !== trace.status)
    problems.push(`turn-end says ${String(events.at(-1)?.status)}, the turn is ${trace.status}`);
  // A failed turn may be resumed and end again; only a failure may come before the last end.
  if (ends.slice(0, -1).some((event) => event.status !== 'failed'))
    problems.push('a turn-end other than a failure before the last one');
  return problems;
}

/** The reasoning a client should have received: the kept steps joined by blank lines. */
export function reasoningOf(trace: TurnTrace): string {
  return trace.steps.map((step) => step.text).join(SEPARATOR);
}
