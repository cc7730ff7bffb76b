/**
 * Rebuilds one turn's latency in model time from what was measured around it. The simulator
 * sleeps `timeScale` real ms per model ms, but the Worker's own work takes real ms that do not
 * scale; dividing the wall clock by the scale would inflate that work by 1/scale. So each model
 * call counts for its exact simulated duration (from the simulator's record), and the time
 * between calls — the Worker's, measured at the timing tap — counts in real milliseconds:
 *
 *   start(call) = max(end of every call that finished before it was sent) + the real gap since
 *                 the last of them finished (or since the client sent the turn, for the first)
 *   end(call)   = start(call) + its model duration
 *   latency     = max(end of the finished calls) + the real gap to the client's last byte
 *
 * Taking every earlier call as a dependency is pessimistic for pipelined turns (a call may have
 * waited for fewer); the ideal latency is the same recursion with every gap set to zero, so
 * ideal / latency is the share of the turn the models were the bottleneck.
 */

/** One model call: tap times (real epoch ms) joined with its simulated duration. */
export interface TimedCall {
  requestAt: number;
  /** When the answer's last byte reached the Worker, or when the Worker aborted the call. */
  endAt: number;
  aborted: boolean;
  /** Model time of the call: overhead + network + prefill + decode, unscaled ms. */
  modelMs: number;
}

export interface TurnTimeline {
  /** Model-time latency with the Worker's gaps in real ms. */
  latencyMs: number;
  /** The same with no Worker time at all. */
  idealMs: number;
  /** latencyMs - idealMs: Worker (and client path) time on the turn's critical path, real ms. */
  overheadMs: number;
  /** Client request sent → first model call arrived. */
  startGapMs: number;
  /** Last finished call's end → client got the last byte. */
  tailGapMs: number;
  /** Real gaps between a call's dependencies ending and the call being sent, one per call. */
  callGapsMs: number[];
  /** Where each of `marks` (real epoch ms, e.g. a step's commit) falls in model time; with marks only. */
  marksMs?: number[];
}

/**
 * Reconstructs a turn; `clientStart`/`clientEnd` are the client's real send and receive times.
 * A mark is placed like the client's end: the model-time end of the calls finished by then plus
 * the real gap since the last of them.
 */
export function rebuildTimeline(
  clientStart: number,
  clientEnd: number,
  calls: readonly TimedCall[],
  marks: readonly number[] = [],
): TurnTimeline {
  const ordered = [...calls].sort((left, right) => left.requestAt - right.requestAt);
  const finished: { call: TimedCall; end: number; ideal: number }[] = [];
  const callGapsMs: number[] = [];
  let startGapMs = 0;
  for (const call of ordered) {
    const before = finished.filter((done) => done.call.endAt <= call.requestAt);
    let start: number;
    let idealStart: number;
    if (before.length === 0) {
      startGapMs = call.requestAt - clientStart;
      start = startGapMs;
      idealStart = 0;
    } else {
      const lastReal = Math.max(...before.map((done) => done.call.endAt));
      const gap = call.requestAt - lastReal;
      callGapsMs.push(gap);
      start = Math.max(...before.map((done) => done.end)) + gap;
      idealStart = Math.max(...before.map((done) => done.ideal));
    }
    if (!call.aborted)
      finished.push({ call, end: start + call.modelMs, ideal: idealStart + call.modelMs });
  }
  const placeMark = (at: number) => {
    const done = finished.filter((entry) => entry.call.endAt <= at);
    if (done.length === 0) return at - clientStart;
    const lastReal = Math.max(...done.map((entry) => entry.call.endAt));
    return Math.max(...done.map((entry) => entry.end)) + (at - lastReal);
  };
  const placed = marks.length === 0 ? {} : { marksMs: marks.map(placeMark) };
  if (finished.length === 0) {
    const wall = clientEnd - clientStart;
    return {
      latencyMs: wall,
      idealMs: 0,
      overheadMs: wall,
      startGapMs: wall,
      tailGapMs: 0,
      callGapsMs,
      ...placed,
    };
  }
  const tailGapMs = clientEnd - Math.max(...finished.map((done) => done.call.endAt));
  const latencyMs = Math.max(...finished.map((done) => done.end)) + tailGapMs;
  const idealMs = Math.max(...finished.map((done) => done.ideal));
  return {
    latencyMs,
    idealMs,
    overheadMs: latencyMs - idealMs,
    startGapMs,
    tailGapMs,
    callGapsMs,
    ...placed,
  };
}
