/**
 * Simulator-only routes under `/sim/`: the stats (`GET /sim/stats`, `POST /sim/stats/reset`,
 * `?cache=1` also empties the prefix caches), the problem worlds as JSON lines
 * (`GET /sim/worlds/:world?count=N&seed=S`), and the fault book (`GET /sim/faults`,
 * `POST /sim/faults` with `{"model", "rate", "kinds", "seed", "retryAfterSeconds"}`, or
 * `{"model", "clear": true}`; model `*` means every model).
 */
import type { ServerResponse } from 'node:http';
import { FAULT_KINDS, type FaultConfig, isFaultKind } from '../faults.ts';
import { parseJson, sendText } from '../http-util.ts';
import type { SimulatorState } from '../state.ts';
import { generateWorld, WORLD_NAMES } from '../worlds/catalog.ts';

const MAX_WORLD_ITEMS = 10000;

const send = (response: ServerResponse, status: number, body: unknown) =>
  sendText(response, status, JSON.stringify(body));

export function handleStats(state: SimulatorState, response: ServerResponse): void {
  send(response, 200, {
    timeScale: state.config.timeScale,
    profile: state.config.profile.name,
    ...state.stats.snapshot(),
  });
}

export function handleStatsReset(
  state: SimulatorState,
  response: ServerResponse,
  query: URLSearchParams,
): void {
  state.stats.reset();
  if (query.get('cache') === '1')
    for (const model of state.models.values()) model.runtime.cache.clear();
  send(response, 200, { reset: true });
}

export function handleWorld(response: ServerResponse, world: string, query: URLSearchParams) {
  const count = Number(query.get('count') ?? '10');
  const seed = Number(query.get('seed') ?? '0');
  if (!Number.isInteger(count) || count < 0 || count > MAX_WORLD_ITEMS || !Number.isInteger(seed)) {
    return send(response, 400, {
      error: `count must be an integer 0–${MAX_WORLD_ITEMS} and seed an integer`,
    });
  }
  const items = generateWorld(world, count, seed);
  if (items === undefined)
    return send(response, 404, {
      error: `Unknown world "${world}"; known: ${WORLD_NAMES.join(', ')}`,
    });
  sendText(
    response,
    200,
    items.map((item) => JSON.stringify(item)).join('\n') + (items.length > 0 ? '\n' : ''),
    'application/x-ndjson',
  );
}

export function handleFaults(
  state: SimulatorState,
  response: ServerResponse,
  body: string | undefined,
) {
  if (body === undefined) return send(response, 200, state.faults.all());
  const input = parseJson(body)?.value as Record<string, unknown> | undefined;
  const model = typeof input?.model === 'string' ? input.model : undefined;
  const targets =
    model === '*'
      ? [...state.models.keys()]
      : model !== undefined && state.models.has(model)
        ? [model]
        : [];
  if (input === undefined || targets.length === 0) {
    return send(response, 400, {
      error: `Name a served model (${[...state.models.keys()].join(', ')}) or "*"`,
    });
  }
  if (input.clear === true) {
    for (const target of targets) state.faults.set(target, undefined);
    return send(response, 200, state.faults.all());
  }
  const kinds = Array.isArray(input.kinds) ? input.kinds.map(String) : [];
  const rate = Number(input.rate ?? 1);
  if (kinds.length === 0 || !kinds.every(isFaultKind) || !(rate >= 0 && rate <= 1)) {
    return send(response, 400, {
      error: `kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}; rate in [0, 1]`,
    });
  }
  const config: FaultConfig = {
    rate,
    kinds,
    seed: Number(input.seed ?? 0),
    retryAfterSeconds: Number(input.retryAfterSeconds ?? 1),
  };
  for (const target of targets) state.faults.set(target, config);
  send(response, 200, state.faults.all());
}
