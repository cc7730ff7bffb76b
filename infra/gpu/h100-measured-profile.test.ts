/**
 * The GPU-measured profile must load in the simulator and say exactly what the raw measurement
 * file it cites says: the same medians, the same GPU, and a fitted line that stays close to them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../simulator/profile.ts';

interface MeasuredModel {
  shape: { name: string };
  prefill: { tokens: number; best_ms: number }[];
  decode: { context: number; best_ms: number; bounds: { measured_over_bound: number } }[];
}

interface MeasurementFile {
  environment: { gpu_name: string };
  models: Record<string, MeasuredModel>;
}

const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const profile = loadProfile('h100-measured');
const rawPath = /raw numbers in (\S+\.json)/.exec(profile.source ?? '')?.[1];

function readMeasurements(): MeasurementFile {
  if (rawPath === undefined) throw new Error('the profile source names no raw results file');
  return JSON.parse(readFileSync(join(REPOSITORY, rawPath), 'utf8')) as MeasurementFile;
}

describe('the h100-measured profile', () => {
  it('cites a committed results file from the GPU it names', () => {
    const measurements = readMeasurements();
    expect(profile.source).toContain(measurements.environment.gpu_name);
    for (const model of Object.values(profile.models)) {
      expect(model.hardware).toBe(`1x ${measurements.environment.gpu_name}`);
    }
  });

  it.each(['base', 'draft'])('gives the %s model the measured medians', (role) => {
    const measured = readMeasurements().models[role];
    const model = profile.models[role];
    if (measured === undefined || model === undefined) throw new Error(`no ${role} model`);
    expect(model.prefillTable).toEqual(
      measured.prefill.map((row) => [row.tokens, expect.closeTo(row.best_ms, 2)]),
    );
    expect(model.decodeTable).toEqual(
      measured.decode.map((row) => [row.context, expect.closeTo(row.best_ms, 2)]),
    );
    const at1024 = measured.decode.find((row) => row.context === 1024);
    expect(model.decodeMsPerToken).toBeCloseTo(at1024?.best_ms ?? Number.NaN, 2);
  });

  it.each(['base', 'draft'])('fits a %s prefill line within 15% of long prompts', (role) => {
    const model = profile.models[role];
    if (model?.prefillTable === undefined) throw new Error(`no ${role} prefill table`);
    for (const [tokens, ms] of model.prefillTable.filter(([tokens]) => tokens >= 1024)) {
      const line = model.prefillFixedMs + model.prefillMsPerToken * tokens;
      expect(Math.abs(line - ms) / ms).toBeLessThan(0.15);
    }
  });

  it('never reports a decode step faster than the memory-bandwidth bound', () => {
    for (const measured of Object.values(readMeasurements().models)) {
      for (const row of measured.decode) {
        expect(row.bounds.measured_over_bound).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
