/** The Conversation Durable Object: one per conversation, SQLite-backed. */
import { DurableObject } from 'cloudflare:workers';

export class Conversation extends DurableObject<CloudflareBindings> {
  async ping(): Promise<string> {
    return 'pong';
  }
}
