/** Durable Object names are scoped by tenant: another tenant's conversation is simply absent. */
import { settingsOf } from '../app-config.ts';
import type { Conversation } from '../conversation.ts';
import { locationHintOf } from '../location-hint.ts';

export function conversationStub(
  env: CloudflareBindings,
  tenant: string,
  conversationId: string,
): DurableObjectStub<Conversation> {
  const locationHint = locationHintOf(settingsOf(env));
  return env.CONVERSATIONS.getByName(
    `${tenant}:${conversationId}`,
    locationHint === undefined ? {} : { locationHint },
  );
}

export function newConversationId(): string {
  return `conv_${crypto.randomUUID().replaceAll('-', '')}`;
}
