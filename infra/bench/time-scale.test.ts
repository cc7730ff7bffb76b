import { describe, expect, it } from 'vitest';
import type { ModelProfile, Profile } from '../simulator/profile.ts';
import { scaleFor, turnGroups } from './time-scale.ts';

function profile(baseDecodeMs: number, draftDecodeMs: number): Profile {
  const model = (decodeMsPerToken: number) => ({ decodeMsPerToken }) as ModelProfile;
  return { name: 'made-up', models: { base: model(baseDecodeMs), draft: model(draftDecodeMs) } };
}

const PACING = { streamTokenMs: 5, stepTokenMs: 1 };
const ALL = ['base', 'draft', 'speculative', 'draft-ahead', 'hedged'] as const;

describe('choosing the time scale', () => {
  it('slows time just enough for a token to take the asked real milliseconds, never past real time', () => {
    expect(scaleFor(50, 5)).toBe(0.1);
    expect(scaleFor(2.5, 5)).toBe(1);
  });

  it("paces speculative turns by the base model's answer tokens and the draft model's step tokens", () => {
    const [group] = turnGroups(profile(50, 20), ['base', 'speculative'], PACING);
    expect(group).toEqual({ timeScale: 0.1, modes: ['base', 'speculative'] });
    const [draftBound] = turnGroups(profile(50, 5), ['speculative'], PACING);
    expect(draftBound?.timeScale).toBe(0.2);
  });

  it('gives draft-only turns a stack of their own when they need a much slower clock', () => {
    expect(turnGroups(profile(50, 5), ALL, PACING)).toEqual([
      { timeScale: 0.2, modes: ['base', 'speculative', 'draft-ahead', 'hedged'] },
      { timeScale: 1, modes: ['draft'] },
    ]);
    expect(turnGroups(profile(14, 12), ALL, PACING)).toEqual([
      { timeScale: 0.417, modes: [...ALL] },
    ]);
  });
});
