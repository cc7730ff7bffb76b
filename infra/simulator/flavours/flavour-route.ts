/**
 * `GET /sim/flavour` (every model's flavour) and `POST /sim/flavour` with
 * `{"model": "*" | name, "server": …, "reasoningParser": …, "streamInterval": …, "thinking": …,
 * "workersAiApi": …, "reasoningField": …}`: replaces the flavour of one model (or all), fields
 * left out taking their defaults. A bad setting is a 400 naming the problem.
 */
import type { ServerResponse } from 'node:http';
import { parseJson, sendText } from '../http-util.ts';
import type { SimulatorState } from '../state.ts';
import type { FlavourSetting } from './flavour.ts';

const send = (response: ServerResponse, status: number, body: unknown) =>
  sendText(response, status, JSON.stringify(body));

export function handleFlavour(
  state: SimulatorState,
  response: ServerResponse,
  body: string | undefined,
): void {
  if (body === undefined) {
    send(response, 200, state.flavours.all());
    return;
  }
  const parsed = parseJson(body)?.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    send(response, 400, { error: 'the body must be a JSON object' });
    return;
  }
  const { model = '*', ...setting } = parsed as { model?: string } & FlavourSetting;
  try {
    send(response, 200, state.flavours.set(String(model), setting));
  } catch (error) {
    send(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
