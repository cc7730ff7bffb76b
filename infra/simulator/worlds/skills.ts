/**
 * How well a model reasons: the small draft model slips more (more on harder problems, more at
 * higher temperature), rarely notices its slips and writes short steps; the base model slips
 * rarely, often catches a slip it reads in the thinking, double-checks now and then, writes
 * longer steps and judges with less noise. Calibrated so a SpecReason threshold sweep moves the
 * way the paper reports (see the README).
 */
import type { Voice } from './steps.ts';

/** One model's reasoning behaviour. */
export interface Skill {
  voice: Voice;
  /** Chance a computing step slips at difficulty 0, at the reference sampling (T 0.6, top_p 0.95). */
  slipAtEasiest: number;
  /** Chance a computing step slips at difficulty 1, same sampling. */
  slipAtHardest: number;
  /** Chance of catching a slip in the step just before and correcting it. */
  noticeChance: number;
  /** Chance of a step that computes nothing before a computing step. */
  remarkChance: number;
  /** Chance of double-checking a computing step that came out right. */
  checkChance: number;
  /** Spread of the judge's latent score (0–9 scale). */
  judgeNoise: number;
  /** Deliberation steps before each computation on the hardest problems (deliberation.ts). */
  deliberation: number;
}

export const SKILLS: Readonly<Record<'base' | 'draft', Skill>> = {
  draft: {
    voice: 'concise',
    slipAtEasiest: 0.03,
    slipAtHardest: 0.22,
    noticeChance: 0.05,
    remarkChance: 0.12,
    checkChance: 0,
    judgeNoise: 3.0,
    deliberation: 6,
  },
  base: {
    voice: 'verbose',
    slipAtEasiest: 0.004,
    slipAtHardest: 0.03,
    noticeChance: 0.5,
    remarkChance: 0.05,
    checkChance: 0.12,
    judgeNoise: 2.0,
    deliberation: 8,
  },
};

/** The chance one computing step slips for `skill` on a problem of `difficulty`. */
export function slipChance(
  skill: Skill,
  difficulty: number,
  temperature: number,
  topP: number,
): number {
  const atReference =
    skill.slipAtEasiest + (skill.slipAtHardest - skill.slipAtEasiest) * difficulty;
  // Greedy decoding slips less, hotter sampling more; the reference setting (0.6, 0.95) is 1.
  const sampling =
    ((0.4 + Math.max(temperature, 0)) * (0.5 + 0.5 * Math.min(Math.max(topP, 0), 1))) / 0.975;
  return Math.min(atReference * sampling, 0.95);
}
