/**
 * The published API description: /openapi.json is valid OpenAPI 3.1 (checked against the
 * specification's JSON schema), documents every route the Worker serves and nothing it does
 * not, and lists every SpecReason knob the README documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';

const app = createApp();
let document: any;

beforeAll(async () => {
  // The document route needs no binding: an empty environment is enough.
  const response = await app.request('/openapi.json', {}, {} as never);
  expect(response.status).toBe(200);
  document = await response.json();
});

/** Hono's `/v1/x/:id` as OpenAPI's `/v1/x/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the Worker serves, and only those', () => {
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && route.path !== '/openapi.json')
        .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path)}`),
    );
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served.has('post /v1/chat/completions')).toBe(true);
    expect(served.has('get /v1/conversations/{conversation}/turns/{turn}/events')).toBe(true);
  });

  it('gives every operation a summary and its responses, and requires the bearer key except for health', () => {
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    for (const [path, operations] of Object.entries(document.paths as Record<string, any>)) {
      for (const [method, operation] of Object.entries(operations as Record<string, any>)) {
        expect(operation.summary, `${method} ${path}`).toEqual(expect.any(String));
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('200');
      }
    }
    expect(document.paths['/health'].get.security).toEqual([]);
  });

  it('describes every SpecReason knob the README lists', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const knobSection = readme.slice(
      readme.indexOf('The `specreason` extension object'),
      readme.indexOf('## Configuration'),
    );
    const knobs = [...knobSection.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]);
    expect(knobs.length).toBeGreaterThan(8);
    const schema = document.components.schemas.SpecReasonOptions;
    for (const knob of knobs) expect(Object.keys(schema.properties), knob).toContain(knob);
  });
});
