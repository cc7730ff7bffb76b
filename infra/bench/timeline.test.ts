import { describe, expect, it } from 'vitest';
import { rebuildTimeline, type TimedCall } from './timeline.ts';

/** A call sent at `at` real ms that took `realMs` of scaled time and `modelMs` of model time. */
const call = (at: number, realMs: number, modelMs: number, aborted = false): TimedCall => ({
  requestAt: at,
  endAt: at + realMs,
  aborted,
  modelMs,
});

describe('rebuilding a turn in model time', () => {
  it('counts each call at its simulated length and the time between calls in real milliseconds', () => {
    // Time scale 0.01: 1000 model ms sleep 10 real ms; the Worker takes 2 ms between calls.
    const timeline = rebuildTimeline(0, 30, [call(3, 10, 1000), call(15, 10, 1000)]);
    expect(timeline.startGapMs).toBe(3);
    expect(timeline.callGapsMs).toEqual([2]);
    expect(timeline.tailGapMs).toBe(5);
    expect(timeline.latencyMs).toBe(3 + 1000 + 2 + 1000 + 5);
    expect(timeline.idealMs).toBe(2000);
    expect(timeline.overheadMs).toBe(10);
  });

  it('gives the same latency whatever the time scale the calls were slept at', () => {
    const fast = rebuildTimeline(0, 14, [call(1, 5, 500), call(8, 5, 500)]);
    const slow = rebuildTimeline(0, 1004, [call(1, 500, 500), call(503, 500, 500)]);
    expect(fast.latencyMs).toBe(slow.latencyMs);
  });

  it('lets a call sent while another runs overlap it instead of adding to the latency', () => {
    // A judge (100 model ms) and a draft made ahead (300 model ms) sent together, then the next judge.
    const timeline = rebuildTimeline(0, 40, [call(0, 1, 100), call(0, 3, 300), call(4, 1, 100)]);
    expect(timeline.idealMs).toBe(400);
    expect(timeline.latencyMs).toBe(300 + 1 + 100 + 35);
  });

  it('never lets an aborted call delay what comes after it', () => {
    const withAbort = rebuildTimeline(0, 20, [
      call(0, 10, 1000),
      call(0, 2, 5000, true),
      call(12, 5, 500),
    ]);
    const without = rebuildTimeline(0, 20, [call(0, 10, 1000), call(12, 5, 500)]);
    expect(withAbort.latencyMs).toBe(without.latencyMs);
    expect(withAbort.idealMs).toBe(1500);
  });

  it('places marks such as step commits in model time, after the calls finished by then', () => {
    // Steps committed 1 real ms after each call; the last mark falls before any call ended.
    const timeline = rebuildTimeline(0, 30, [call(3, 10, 1000), call(15, 10, 1000)], [14, 26, 2]);
    expect(timeline.marksMs).toEqual([3 + 1000 + 1, 3 + 1000 + 2 + 1000 + 1, 2]);
  });

  it('counts a turn in which no call finished as overhead only', () => {
    const timeline = rebuildTimeline(0, 50, [call(5, 3, 900, true)]);
    expect(timeline).toMatchObject({ latencyMs: 50, idealMs: 0, overheadMs: 50 });
  });
});
