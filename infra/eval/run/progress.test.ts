import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from './progress.ts';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('the progress bar', () => {
  it('estimates the time left from the pace of this session only', () => {
    let now = 0;
    const { writes, stream } = recorder(true);
    const progress = createProgress({
      total: 10,
      alreadyDone: 6,
      stream,
      now: () => now,
      width: 10,
    });
    now = 30_000;
    progress.tick('ok');
    expect(writes.at(-1)).toBe(
      '\reval [#######...] 7/10 70% · 0 failed · 30s elapsed · ETA 1m30s\u001b[K',
    );
  });

  it('counts failures and ends the line when done', () => {
    let now = 0;
    const { writes, stream } = recorder(true);
    const progress = createProgress({ total: 2, alreadyDone: 0, stream, now: () => now, width: 4 });
    now = 1000;
    progress.tick('failed');
    progress.tick('ok');
    progress.finish();
    expect(writes.at(-1)).toBe('\reval [####] 2/2 100% · 1 failed · 1s elapsed · ETA 0s\u001b[K\n');
  });

  it('prints a plain line every tenth of the run when not on a terminal', () => {
    const { writes, stream } = recorder(false);
    const progress = createProgress({ total: 100, alreadyDone: 0, stream, now: () => 0 });
    for (let index = 0; index < 100; index++) progress.tick('ok');
    progress.finish();
    expect(writes).toHaveLength(11);
    expect(writes.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });

  it('also prints a plain line once a minute on a long run', () => {
    let now = 0;
    const { writes, stream } = recorder(false);
    const progress = createProgress({ total: 1000, alreadyDone: 0, stream, now: () => now });
    now = 59_000;
    progress.tick('ok');
    now = 61_000;
    progress.tick('ok');
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain('2/1000 0%');
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect([formatDuration(4_400), formatDuration(185_000), formatDuration(3_720_000)]).toEqual([
      '4s',
      '3m05s',
      '1h02m',
    ]);
  });
});
