/**
 * Finds a response for the routes under /v1/responses/{id}: the id names a conversation and a
 * turn, the caller's tenant names the Durable Object. Anything that is not a stored, undeleted
 * response of this tenant is the same 404, so ids reveal nothing across tenants.
 */
import type { Prices } from '../app-config.ts';
import type { Conversation } from '../conversation.ts';
import type { AnnotatedTurn, TurnDetail, TurnSummary } from '../conversation-types.ts';
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

/** A found response; its turn's steps are loaded only by `findResponseWithSteps`. */
export interface FoundResponse<Detail extends TurnSummary = TurnSummary> {
  stub: DurableObjectStub<Conversation>;
  identity: ResponseIdentity;
  turn: AnnotatedTurn<Detail>;
  record: ResponseRecord;
}

export function noSuchResponse(id: string, param: string | null = null) {
  return notFound(`No response with id '${id}'`, param);
}

/** The response `id` names, without its turn's steps; a 404 naming `param` if there is none. */
export function findResponse(
  env: CloudflareBindings,
  tenant: string,
  id: string,
  param: string | null = null,
): Promise<FoundResponse> {
  return lookUp(env, tenant, id, param, (stub, turnId) => stub.annotatedSummary(turnId));
}

/** As `findResponse`, with the turn's kept steps (for the response object's reasoning). */
export function findResponseWithSteps(
  env: CloudflareBindings,
  tenant: string,
  id: string,
): Promise<FoundResponse<TurnDetail>> {
  return lookUp(env, tenant, id, null, (stub, turnId) => stub.annotatedTurn(turnId));
}

async function lookUp<Detail extends TurnSummary>(
  env: CloudflareBindings,
  tenant: string,
  id: string,
  param: string | null,
  read: (
    stub: DurableObjectStub<Conversation>,
    turnId: number,
  ) => Promise<AnnotatedTurn<Detail> | undefined>,
): Promise<FoundResponse<Detail>> {
  const location = parseResponseId(id);
  if (location === undefined) throw noSuchResponse(id, param);
  const stub = conversationStub(env, tenant, location.conversationId);
  const turn = await read(stub, location.turnId);
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
export function currentResponse(found: FoundResponse<TurnDetail>, prices: Prices): ResponseObject {
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
