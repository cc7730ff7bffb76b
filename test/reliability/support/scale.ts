/**
 * How big each Node suite runs. CI runs the bounded sizes; `RELIABILITY_SCALE=full` runs the
 * documented larger settings (see SECURITY.md, "How it is tested").
 */
const FULL = process.env.RELIABILITY_SCALE === 'full';

export const SCALE = {
  name: FULL ? 'full' : 'ci',
  /** Conversations run under 10 % failing model calls. */
  faultConversations: FULL ? 100 : 40,
  /** SIGKILLs of the Worker runtime during one batch of turns. */
  kills: FULL ? 50 : 20,
  /** Conversations in the batch the runtime is killed under. */
  crashConversations: FULL ? 12 : 6,
  /** Concurrent streaming conversations on one runtime. */
  loadConversations: FULL ? 400 : 200,
} as const;
