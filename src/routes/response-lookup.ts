/**
 * Finds a response for the routes under /v1/responses/{id}: the id names a conversation and a
 * turn, the caller's tenant names the Durable Object. Anything that is not a stored, undeleted
 * response of this tenant is the same 404, so ids reveal nothing across tenants.
 */
import type { Prices } from '../app-config.ts';
import type { Conversation } from '../conversation.ts';
import type { AnnotatedTurn } from '../conversation-types.ts';
import { notFound } from '../openai/errors.ts';
import { parseResponseRecord, type ResponseRecord } from '../responses/record.ts';
import {
  type ResponseIdentity,
  type ResponseProgress,
  responseObject,
} from '../responses/resource.ts';
import type { ResponseObject } from '../responses/resource-schemas.ts';
import { parseResponseId } from '../responses/response-id.ts';
import { conversationStub } from './conversation-stub.ts';

export interface FoundResponse {
  stub: DurableObjectStub<Conversation>;
  identity: ResponseIdentity;
  turn: AnnotatedTurn;
  record: ResponseRecord;
}

export function noSuchResponse(id: string, param: string | null = null) {
  return notFound(`No response with id '${id}'`, param);
}

export async function findResponse(
  env: CloudflareBindings,
  tenant: string,
  id: string,
  param: string | null = null,
): Promise<FoundResponse> {
  const location = parseResponseId(id);
  if (location === undefined) throw noSuchResponse(id, param);
  const stub = conversationStub(env, tenant, location.conversationId);
  const turn = await stub.annotatedTurn(location.turnId);
  const record = parseResponseRecord(turn?.annotation);
  if (turn === undefined || record === undefined || record.deleted === true || !record.store) {
    throw noSuchResponse(id, param);
  }
  return {
    stub,
    turn,
    record,
    identity: identityOf(id, location.conversationId, location.turnId, record, turn.detail.config),
  };
}

export function identityOf(
  id: string,
  conversationId: string,
  turnId: number,
  record: ResponseRecord,
  config: { temperature: number; topP: number },
): ResponseIdentity {
  return { id, conversationId, turnId, record, temperature: config.temperature, topP: config.topP };
}

/** The response object as the turn stands now. */
export function currentResponse(found: FoundResponse, prices: Prices): ResponseObject {
  const detail = found.turn.detail;
  const progress: ResponseProgress = {
    started: true,
    steps: detail.steps.map((step) => step.text),
    thinkingDone: detail.stopReason !== undefined,
    answer: detail.answer,
    turnStatus: detail.status,
    answerFinish: detail.answerFinish,
    endedAt: detail.endedAt,
    usage: detail.usage,
    failure: detail.failure,
  };
  return responseObject(found.identity, progress, prices);
}
