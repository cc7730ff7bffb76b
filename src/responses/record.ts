/**
 * What a response remembers beyond its turn: the request fields it echoes, its input items and
 * whether it was deleted. The Worker builds it; the conversation's Durable Object stores it
 * beside the turn (an opaque annotation), so every route, and every Worker after a restart,
 * rebuilds the same response object and the same event stream from the turn alone.
 */
import type { ReasoningEffort } from './request-schema.ts';
import type { InputMessage } from './resource-schemas.ts';

export interface ResponseRecord {
  kind: 'response';
  /** When the request arrived, ms since the epoch. */
  createdAt: number;
  model: string;
  background: boolean;
  store: boolean;
  instructions: string | null;
  previousResponseId: string | null;
  maxOutputTokens: number | null;
  reasoningEffort: ReasoningEffort | null;
  reasoningSummary: string | null;
  metadata: Record<string, string>;
  user: string | null;
  safetyIdentifier: string | null;
  promptCacheKey: string | null;
  serviceTier: string;
  parallelToolCalls: boolean;
  maxToolCalls: number | null;
  /** The request's input items, as input_items lists them (ids filled in by the route). */
  input: Array<Omit<InputMessage, 'id'>>;
  deleted?: boolean;
}

/** The record, if `annotation` (a turn's, as JSON) is one. */
export function parseResponseRecord(annotation: string | undefined): ResponseRecord | undefined {
  if (annotation === undefined) return undefined;
  const value = JSON.parse(annotation) as { kind?: unknown };
  return value.kind === 'response' ? (value as ResponseRecord) : undefined;
}
