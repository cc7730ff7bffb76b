import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from './cli-options.ts';

const REQUIRED = ['--url', 'http://127.0.0.1:8787', '--api-key', 'sk-1', '--dataset', 'math500'];

describe('command-line options', () => {
  it("defaults to the paper's k, all three modes, threshold 7 and a folder named after the run", () => {
    const options = parseOptions(REQUIRED, {});
    expect(options).toMatchObject({
      samples: 16,
      modes: ['base', 'speculative', 'draft'],
      thresholds: [7],
      subset: 'reference',
      concurrency: 4,
      tokenBudget: 8192,
      out: 'infra/eval/reports/math500-k16',
      isSimulated: false,
      shuffleChoices: true,
    });
  });

  it('reads comma-separated and repeated datasets, sweeps and the environment', () => {
    const options = parseOptions(
      '--dataset aime2024,gpqa --dataset sim:arithmetic --thresholds 3,5,7,9 --k 2'.split(' '),
      {
        SPECREASON_URL: 'http://localhost:8787',
        SPECREASON_API_KEY: 'sk-env',
        SIM_URL: 'http://localhost:8788',
      },
    );
    expect(options).toMatchObject({
      url: 'http://localhost:8787',
      apiKey: 'sk-env',
      datasets: ['aime2024', 'gpqa', 'sim:arithmetic'],
      thresholds: [3, 5, 7, 9],
      isSimulated: true,
      simulatorUrl: 'http://localhost:8788',
      out: 'infra/eval/reports/aime2024+gpqa+sim-arithmetic-k2',
    });
  });

  it.each([
    [['--dataset', 'math500'], 'Give the API origin with --url'],
    [[...REQUIRED, '--modes', 'base,turbo'], 'Unknown mode "turbo"'],
    [[...REQUIRED, '--thresholds', '10'], 'A threshold is a number from 0 to 9, got "10"'],
    [[...REQUIRED, '--k', '0'], '--k takes a whole number of at least 1, got "0"'],
    [[...REQUIRED, '--score-method', 'max'], '--score-method is greedy or average'],
    [['--url', 'http://x', '--api-key', 'k'], 'Name at least one --dataset'],
  ])('refuses %j with a message saying what to fix', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
    expect(() => parseOptions(argv, {})).toThrow(message);
  });
});

describe('the semantics option', () => {
  it('runs the product semantics unless --semantics reference asks for the reference', () => {
    expect(parseOptions(REQUIRED, {})).toMatchObject({ semantics: 'product' });
    expect(parseOptions([...REQUIRED, '--semantics', 'reference'], {})).toMatchObject({
      semantics: 'reference',
    });
    expect(() => parseOptions([...REQUIRED, '--semantics', 'paper'], {})).toThrow(UsageError);
  });
});
