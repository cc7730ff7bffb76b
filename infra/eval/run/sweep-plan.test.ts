import { describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../datasets/problem.ts';
import { CHOICE_PROBLEM } from '../testing/sample-problems.ts';
import { buildRequestBody } from './request-body.ts';
import { configLabel, planSweep, sweepConfigs } from './sweep-plan.ts';

const SETTINGS = {
  scoreMethod: 'greedy',
  firstNBaseSteps: 0,
  tokenBudget: 4096,
  semantics: 'product',
} as const;
const DATASET: LoadedDataset = {
  name: 'gpqa-diamond',
  isSimulated: false,
  problems: [CHOICE_PROBLEM],
};

describe('the sweep plan', () => {
  it('runs base and draft once and speculative once per threshold', () => {
    const configs = sweepConfigs(['base', 'speculative', 'draft'], [3, 5, 7, 9], SETTINGS);
    expect(configs.map(configLabel)).toEqual([
      'base',
      'speculative t3',
      'speculative t5',
      'speculative t7',
      'speculative t9',
      'draft',
    ]);
  });

  it('names non-default knobs in the label', () => {
    const [config] = sweepConfigs(['speculative'], [9], {
      ...SETTINGS,
      scoreMethod: 'average',
      firstNBaseSteps: 10,
    });
    expect(config && configLabel(config)).toBe('speculative t9 (average, first 10 base)');
  });

  it('plans k samples of every configuration with a distinct key each', () => {
    const tasks = planSweep(
      [DATASET],
      sweepConfigs(['base', 'speculative'], [3, 7], SETTINGS),
      4,
      0,
    );
    expect(tasks).toHaveLength(12);
    expect(new Set(tasks.map((task) => task.key)).size).toBe(12);
    expect(tasks[0]?.key).toBe('gpqa-diamond|rec1|base|t-|-|n-|b4096|s0');
  });

  it('builds the request of the API contract, with the choices and the multiple-choice template', () => {
    const [task] = planSweep([DATASET], sweepConfigs(['speculative'], [7], SETTINGS), 1, 0);
    if (task === undefined) throw new Error('no task planned');
    expect(buildRequestBody(task, 'specreason')).toEqual({
      model: 'specreason',
      messages: [{ role: 'user', content: 'Which gas is noble?' }],
      stream: false,
      specreason: {
        mode: 'speculative',
        threshold: 7,
        score_method: 'greedy',
        first_n_base_steps: 0,
        token_budget: 4096,
        prompt_template: 'multiple-choice',
        choices: { A: 'Nitrogen', B: 'Oxygen', C: 'Argon', D: 'Hydrogen' },
        seed: task.seed,
        semantics: 'product',
      },
    });
  });

  it('sends no speculative knobs with a base request', () => {
    const [task] = planSweep([DATASET], sweepConfigs(['base'], [7], SETTINGS), 1, 0);
    if (task === undefined) throw new Error('no task planned');
    expect(Object.keys(buildRequestBody(task, 'specreason').specreason).sort()).toEqual([
      'choices',
      'mode',
      'prompt_template',
      'seed',
      'semantics',
      'token_budget',
    ]);
  });

  it('sends the semantics asked for, and keeps reference-semantics samples apart in the results', () => {
    const settings = { ...SETTINGS, semantics: 'reference' } as const;
    const [task] = planSweep([DATASET], sweepConfigs(['base'], [7], settings), 1, 0);
    if (task === undefined) throw new Error('no task planned');
    expect(buildRequestBody(task, 'specreason').specreason.semantics).toBe('reference');
    expect(task.key).toBe('gpqa-diamond|rec1|base|t-|-|n-|b4096|s0|reference');
  });
});
