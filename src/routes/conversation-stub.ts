/** Durable Object names are scoped by tenant: another tenant's conversation is simply absent. */
import type { Conversation } from '../conversation.ts';

export function conversationStub(
  env: CloudflareBindings,
  tenant: string,
  conversationId: string,
): DurableObjectStub<Conversation> {
  return env.CONVERSATIONS.getByName(`${tenant}:${conversationId}`);
}

export function newConversationId(): string {
  return `conv_${crypto.randomUUID().replaceAll('-', '')}`;
}
