/**
 * A schema made strict at every depth, through objects, arrays, unions and nullables: a body
 * with a key the schema does not name fails, as does a missing or mistyped one.
 */
import { z } from '@hono/zod-openapi';
import { expect } from 'vitest';

export function strict(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.entries(schema.shape as Record<string, z.ZodType>);
    return z.strictObject(Object.fromEntries(shape.map(([key, value]) => [key, strict(value)])));
  }
  if (schema instanceof z.ZodArray) return z.array(strict(schema.element as z.ZodType));
  if (schema instanceof z.ZodOptional) return strict(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) return strict(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as z.ZodType[]).map(strict);
    return z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  return schema;
}

export function expectShape(schema: z.ZodType, body: unknown): void {
  const result = strict(schema).safeParse(body);
  expect(result.error?.issues ?? []).toEqual([]);
}
