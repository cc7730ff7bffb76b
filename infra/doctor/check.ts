/** What one doctor check reports: its outcome, what it saw, and what to change when it failed. */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `judge-logprobs`. */
  id: string;
  status: CheckStatus;
  /** What the check saw, in one line. */
  detail: string;
  /** What to change, for `fail` and `warn`. */
  fix?: string | undefined;
}

export const pass = (id: string, detail: string): CheckResult => ({ id, status: 'pass', detail });
export const fail = (id: string, detail: string, fix: string): CheckResult => ({
  id,
  status: 'fail',
  detail,
  fix,
});
export const warn = (id: string, detail: string, fix: string): CheckResult => ({
  id,
  status: 'warn',
  detail,
  fix,
});
export const skip = (id: string, detail: string): CheckResult => ({ id, status: 'skip', detail });

/** The API mode the rest of the checks use: how this endpoint can continue our thinking. */
export type ApiMode = 'chat' | 'completions';
