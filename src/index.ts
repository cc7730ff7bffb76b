/**
 * Worker entry: the Hono app serves every request; the Conversation Durable Object owns each
 * conversation's step loop; the ReplicaHealth Durable Object shares each replica pool's health.
 */
import { createApp } from './app.ts';

export { Conversation } from './conversation.ts';
export { ReplicaHealth } from './replica-health.ts';

export default createApp();
