/**
 * Where rendezvous hashing puts conversations among equally weighted replicas, so that pool
 * tests can pick conversation ids by their first choice. Runs in Node and in workerd.
 */
import { rendezvousOrder } from '../../../src/adapters/pool/rendezvous.ts';

/** The replica URLs in `conversation`'s rendezvous order. */
export function orderOf(conversation: string, urls: readonly string[]): string[] {
  return rendezvousOrder(
    conversation,
    urls.map((url) => ({ id: url, weight: 1 })),
  ).map((replica) => replica.id);
}

/** `count` conversation ids (`conv_0`, `conv_1`, …) whose first rendezvous choice is `url`. */
export function conversationsFirstOn(
  url: string,
  urls: readonly string[],
  count: number,
): string[] {
  const found: string[] = [];
  for (let index = 0; found.length < count; index++) {
    if (orderOf(`conv_${index}`, urls)[0] === url) found.push(`conv_${index}`);
  }
  return found;
}
