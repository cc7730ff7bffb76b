/**
 * A page of a response's input items, as OpenAI lists them: newest first unless
 * `order=asc`, at most `limit` (default 20), after or before an item id.
 */
import type { z } from '@hono/zod-openapi';
import type { ResponseRecord } from '../responses/record.ts';
import type { InputItemsQuerySchema } from '../responses/request-schema.ts';
import type { InputItemList } from '../responses/resource-schemas.ts';
import { inputItemId } from '../responses/response-id.ts';

export function inputItemPage(
  id: string,
  record: ResponseRecord,
  query: z.infer<typeof InputItemsQuerySchema>,
): InputItemList {
  const items = record.input.map((item, index) => ({ ...item, id: inputItemId(id, index) }));
  if (query.order !== 'asc') items.reverse();
  let start = 0;
  let end = items.length;
  if (query.after !== undefined) start = items.findIndex((item) => item.id === query.after) + 1;
  if (query.before !== undefined) {
    const index = items.findIndex((item) => item.id === query.before);
    if (index >= 0) end = index;
  }
  const window = items.slice(start, end);
  const data = window.slice(0, query.limit ?? 20);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: window.length > data.length,
  };
}
