/**
 * A malformed chunk in the middle of a base model stream is a fault the turn outlives: it
 * pauses and tries the step again later, instead of failing for good with a failure that cannot
 * be resumed.
 */
import { describe, expect, it } from 'vitest';
import { parseSse } from '../../support/sse.ts';
import { ask, call, useFakeBackend } from '../../worker/helpers.ts';

const backend = useFakeBackend({ bad: [1], answerAt: 3 });

/** A stream that delivers some text, then a chunk cut off in the middle of its JSON. */
function brokenStream(): Response {
  const chunk = {
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content: 'Ste' } }],
  };
  const body = `data: ${JSON.stringify(chunk)}\n\ndata: {"id":"chatcmpl-x","object":"chat.compl\n\n`;
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('a malformed chunk from the base model', () => {
  it('pauses the turn and then finishes it with the steps of an undisturbed run', {
    timeout: 30_000,
  }, async () => {
    const undisturbed = (await (await ask({})).json()) as Record<string, any>;

    let broken = 0;
    backend().hold((request) => {
      if (broken > 0 || request.model !== 'base' || request.kind !== 'step') return undefined;
      broken += 1;
      return brokenStream();
    });
    const response = await ask({});
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(broken).toBe(1);
    expect(body.choices[0].message).toEqual(undisturbed.choices[0].message);

    const conversation = response.headers.get('x-conversation-id');
    const events = parseSse(
      await (await call(`/v1/conversations/${conversation}/turns/1/events`)).text(),
    ).messages.map((message) => JSON.parse(message.data));
    expect(events.filter((event) => event.type === 'turn-paused')).toMatchObject([
      { failure: { code: 'protocol', isRetryable: true }, attempt: 1 },
    ]);
    expect(events.filter((event) => event.type === 'turn-end')).toMatchObject([
      { status: 'completed' },
    ]);
  });
});
