import { describe, expect, it } from 'vitest';
import { createStopCutter } from '../../src/adapters/call/stop-cutter.ts';

/** Pushes every piece, then flushes; returns what was released, piece by piece. */
function run(stops: string[], pieces: string[]) {
  const cutter = createStopCutter(stops);
  const released = pieces.map((piece) => cutter.push(piece));
  released.push(cutter.flush());
  return { released, text: released.join(''), isStopped: cutter.isStopped };
}

describe('createStopCutter', () => {
  it('cuts the text before the first stop string and releases nothing after it', () => {
    const result = run(['\n\n'], ['Step one.\n\nStep two.', ' More.']);
    expect(result.text).toBe('Step one.');
    expect(result.isStopped).toBe(true);
  });

  it('holds back a newline that may start the stop string until the next piece settles it', () => {
    const cutter = createStopCutter(['\n\n']);
    expect(cutter.push('a = 1.\n')).toBe('a = 1.');
    expect(cutter.push('b')).toBe('\nb');
    expect(cutter.isStopped).toBe(false);
  });

  it('finds a stop string split across pieces', () => {
    const result = run(['\n\n'], ['Twelve.\n', '\nNext step']);
    expect(result.text).toBe('Twelve.');
    expect(result.released).toEqual(['Twelve.', '', '']);
  });

  it('releases held-back text at the end when no stop string followed', () => {
    const result = run(['\n\n'], ['Done.\n']);
    expect(result.released).toEqual(['Done.', '\n']);
    expect(result.isStopped).toBe(false);
  });

  it('cuts at whichever of several stop strings comes first', () => {
    expect(run(['END', '\n\n'], ['x\n\ny END']).text).toBe('x');
    expect(run(['END', '\n\n'], ['x EN', 'D\n\n']).text).toBe('x ');
  });

  it('keeps a possible match that overlaps itself (stop "aab" after "aa")', () => {
    expect(run(['aab'], ['xaa', 'ab tail']).text).toBe('xa');
  });

  it('releases everything when there are no stop strings, ignoring empty ones', () => {
    expect(run(['', ''], ['a\n', '\nb']).text).toBe('a\n\nb');
  });

  it('cuts correctly whatever the piece boundaries are', () => {
    const text = 'First line.\nStill first.\n\nSecond step.';
    for (let size = 1; size <= 6; size++) {
      const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      expect(run(['\n\n'], pieces).text).toBe('First line.\nStill first.');
    }
  });
});
