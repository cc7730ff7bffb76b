import { describe, expect, it } from 'vitest';
import {
  dumpJson,
  formatPydanticFloat,
  formatPythonFloat,
  JSON_DUMPS_STYLE,
  PYDANTIC_STYLE,
  pyFloat,
  STARLETTE_STYLE,
} from './python-json.ts';

describe('Python float formatting', () => {
  it.each([
    [1e-5, '1e-05'],
    [-1.2e-5, '-1.2e-05'],
    [-9999, '-9999.0'],
    [0, '0.0'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [123.456, '123.456'],
    [Math.fround(-0.1), '-0.10000000149011612'],
    [5e-324, '5e-324'],
  ])('writes %s as repr() does: %s', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });
});

describe('pydantic float formatting', () => {
  it.each([
    [1e-5, '0.00001'],
    [-1.2e-5, '-0.000012'],
    [1e-7, '1e-7'],
    [-(2 ** -24), '-5.960464477539063e-8'],
    [-9999, '-9999.0'],
    [1e16, '10000000000000000.0'],
    [0.5, '0.5'],
  ])('writes %s as model_dump_json() does: %s', (value, expected) => {
    expect(formatPydanticFloat(value)).toBe(expected);
  });
});

describe('dumpJson', () => {
  const value = { text: 'é\n"', score: pyFloat(-9999), count: 3, gone: undefined, none: null };

  it('writes Starlette bodies compactly with raw UTF-8 and repr floats', () => {
    expect(dumpJson(value, STARLETTE_STYLE)).toBe(
      '{"text":"é\\n\\"","score":-9999.0,"count":3,"none":null}',
    );
  });

  it('writes the in-band stream error with json.dumps defaults and ASCII escapes', () => {
    expect(dumpJson(value, JSON_DUMPS_STYLE)).toBe(
      '{"text": "\\u00e9\\n\\"", "score": -9999.0, "count": 3, "none": null}',
    );
  });

  it('keeps the insertion order of dict keys that look like integers', () => {
    const dict = new Map([
      ['7', pyFloat(-0.1)],
      ['10', pyFloat(-2)],
      [' ', pyFloat(1e-5)],
    ]);
    expect(dumpJson(dict, PYDANTIC_STYLE)).toBe('{"7":-0.1,"10":-2.0," ":0.00001}');
  });

  it('refuses a non-integer plain number, which Python would hold as a float', () => {
    expect(() => dumpJson({ logprob: -0.5 }, STARLETTE_STYLE)).toThrow(TypeError);
  });
});
