/**
 * Picks the simulator's time scale for a group of turns. Model time only has to be fast enough
 * to be affordable, but every call streams one chunk per token and the Worker handles each in
 * real milliseconds: if tokens arrive faster than that, a backlog builds and lands after the last
 * token as false overhead. A token the machine sees one by one (the answer, a single-model free
 * run) costs a transition, so it must take `streamTokenMs` real ms; a token of a step call is
 * only parsed, so `stepTokenMs` is enough. A group runs at the smallest scale that gives both
 * (1 = real time at most); turns of mode `draft` get their own group when their scale differs.
 */
import type { Profile } from '../simulator/profile.ts';
import type { BenchMode } from './options.ts';

export interface TurnGroup {
  timeScale: number;
  modes: BenchMode[];
}

/** The scale at which one streamed token of a model decoding `decodeMs` per token takes `streamTokenMs`. */
export function scaleFor(decodeMs: number, streamTokenMs: number): number {
  if (!(decodeMs > 0)) return 1;
  return Math.min(1, Math.round((streamTokenMs / decodeMs) * 1000) / 1000);
}

/** Groups `modes` by the scale they need on `profile`; scales within 2× share the larger. */
export function turnGroups(
  profile: Profile,
  modes: readonly BenchMode[],
  pacing: { streamTokenMs: number; stepTokenMs: number },
): TurnGroup[] {
  const baseDecode = profile.models.base?.decodeMsPerToken ?? 0;
  const draftDecode = profile.models.draft?.decodeMsPerToken ?? 0;
  const base = Math.max(
    scaleFor(baseDecode, pacing.streamTokenMs),
    scaleFor(draftDecode, pacing.stepTokenMs),
    scaleFor(baseDecode, pacing.stepTokenMs),
  );
  const draft = scaleFor(draftDecode, pacing.streamTokenMs);
  const baseModes = modes.filter((mode) => mode !== 'draft');
  const draftModes = modes.filter((mode) => mode === 'draft');
  if (draftModes.length === 0) return [{ timeScale: base, modes: baseModes }];
  if (baseModes.length === 0) return [{ timeScale: draft, modes: draftModes }];
  if (draft <= 2 * base) return [{ timeScale: Math.max(base, draft), modes: [...modes] }];
  return [
    { timeScale: base, modes: baseModes },
    { timeScale: draft, modes: draftModes },
  ];
}
