/**
 * Worker entry: the Hono app serves every request; the Conversation Durable Object owns each
 * conversation's step loop.
 */
import { createApp } from './app.ts';

export { Conversation } from './conversation.ts';

export default createApp();
