/**
 * A circuit breaker per replica, as a pure reducer over serialisable state so the shared health
 * record (src/replica-health.ts) can store it and isolates can merge it (shared-breaker.ts):
 * `closed` counts consecutive failures and opens at the threshold; `open` refuses calls until its
 * wait is over; then one `half-open` probe is let through: its success closes the breaker, its
 * failure opens it again for twice as long (capped). A probe that never reports (its Worker was
 * evicted) frees the slot after `probeTimeoutMs`. Every state carries `since`, the time of the
 * evidence it stands on, so that states learnt elsewhere can be ordered against local ones. Time
 * is passed in, never read.
 */

/** A breaker with no probe in flight: what the shared record holds and isolates exchange. */
export type SettledBreaker =
  | {
      readonly status: 'closed';
      readonly failures: number;
      /**
       * Epoch ms of the success that last closed it or reset its failures (0: never). Failures
       * leave it alone: they say nothing newer about the replica being up.
       */
      readonly since: number;
    }
  | {
      readonly status: 'open';
      /** How many times in a row it opened: the wait doubles with each. */
      readonly openings: number;
      /** Epoch ms after which one probe may go through. */
      readonly retryAt: number;
      /** Epoch ms of the failure that (re)opened it. */
      readonly since: number;
    };

export type BreakerState =
  | SettledBreaker
  | {
      readonly status: 'half-open';
      readonly openings: number;
      /** Epoch ms when the probe started. */
      readonly probeStartedAt: number;
      /** The `since` of the opening this probe tests. */
      readonly since: number;
    };

export interface BreakerPolicy {
  /** Consecutive failures that open a closed breaker. */
  readonly failureThreshold: number;
  /** The first open wait; doubled per reopening. */
  readonly openMs: number;
  /** The open wait never exceeds this. */
  readonly maxOpenMs: number;
  /** A probe silent for this long no longer holds the half-open slot. */
  readonly probeTimeoutMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
  failureThreshold: 3,
  openMs: 5_000,
  maxOpenMs: 60_000,
  probeTimeoutMs: 30_000,
};

/** A breaker that has never failed. */
export const CLOSED: SettledBreaker = { status: 'closed', failures: 0, since: 0 };

/** Whether a call may go to the replica now, without taking the probe slot. */
export function isCallable(state: BreakerState, now: number, policy: BreakerPolicy): boolean {
  if (state.status === 'closed') return true;
  if (state.status === 'open') return now >= state.retryAt;
  return now - state.probeStartedAt >= policy.probeTimeoutMs;
}

/**
 * Asks to start a call: `allowed` says whether it may go, and `state` is the breaker after the
 * decision (an open breaker whose wait is over turns half-open, and this call is its probe).
 */
export function requestCall(
  state: BreakerState,
  now: number,
  policy: BreakerPolicy,
): { allowed: boolean; isProbe: boolean; state: BreakerState } {
  if (state.status === 'closed') return { allowed: true, isProbe: false, state };
  if (!isCallable(state, now, policy)) return { allowed: false, isProbe: false, state };
  return {
    allowed: true,
    isProbe: true,
    state: {
      status: 'half-open',
      openings: state.openings,
      probeStartedAt: now,
      since: state.since,
    },
  };
}

/** The breaker after a call's outcome (never half-open: an outcome ends any probe). */
export function recordOutcome(
  state: BreakerState,
  outcome: 'success' | 'failure',
  now: number,
  policy: BreakerPolicy,
): SettledBreaker {
  if (outcome === 'success') {
    return state.status === 'closed' && state.failures === 0
      ? state
      : { status: 'closed', failures: 0, since: now };
  }
  if (state.status === 'closed') {
    const failures = state.failures + 1;
    return failures >= policy.failureThreshold
      ? open(1, now, policy)
      : { status: 'closed', failures, since: state.since };
  }
  // A failure while open (a call that started before it opened) keeps the current wait.
  if (state.status === 'open') return state;
  return open(state.openings + 1, now, policy);
}

function open(openings: number, now: number, policy: BreakerPolicy): SettledBreaker {
  const wait = Math.min(policy.maxOpenMs, policy.openMs * 2 ** (openings - 1));
  return { status: 'open', openings, retryAt: now + wait, since: now };
}
