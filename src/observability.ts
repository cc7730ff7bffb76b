/**
 * Structured logs: one JSON line per kept step and one per finished turn, with ids, origin,
 * score, tokens and latencies; a turn line also says how long the turn has run (`elapsed_ms`).
 * Step and answer text appear only when the configuration's `logPrompts` is set (LOG_PROMPTS is
 * exactly "true").
 */
import type { AppConfig } from './app-config.ts';
import { keptStepOf } from './core/events.ts';
import type { TurnState } from './core/state.ts';
import type { StoredEvent } from './turn-log.ts';

export function logTurnEvents(
  config: Pick<AppConfig, 'logPrompts'>,
  conversationId: string | undefined,
  stored: readonly StoredEvent[],
  state: TurnState,
  /** The turn's start (ms since the epoch), asked for only when a turn line is written. */
  turnStartedAt?: () => number | undefined,
): void {
  const withText = config.logPrompts;
  for (const { event, seq, turn, at } of stored) {
    const kept = keptStepOf(event);
    if (kept !== undefined) {
      const step = state.steps[kept.index];
      console.log(
        JSON.stringify({
          log: 'step',
          conversation: conversationId,
          turn,
          seq,
          index: kept.index,
          origin: kept.origin,
          decision: step?.decision,
          score: step?.score,
          tokens: step?.tokens,
          draft_ms: step?.timings.draftMs,
          judge_ms: step?.timings.judgeMs,
          base_ms: step?.timings.baseMs,
          ...(withText ? { text: kept.text } : {}),
        }),
      );
    } else if (
      event.type === 'turn-end' ||
      event.type === 'turn-paused' ||
      event.type === 'draft-degraded'
    ) {
      const startedAt = turnStartedAt?.();
      console.log(
        JSON.stringify({
          log: event.type === 'turn-end' ? 'turn' : event.type,
          conversation: conversationId,
          turn,
          seq,
          status: state.status,
          steps: state.steps.length,
          stop_reason: state.stopReason,
          elapsed_ms: startedAt === undefined ? undefined : at - startedAt,
          usage: state.usage,
          failure: state.failure,
          ...(withText && event.type === 'turn-end' ? { answer: state.answer } : {}),
        }),
      );
    }
  }
}
