import { describe, expect, it } from 'vitest';
import { BENCH_MODES, parseBenchOptions, SIMULATED_PROFILES } from './options.ts';

describe('benchmark options', () => {
  it('runs the quick setting by default, on every profile and mode', () => {
    const options = parseBenchOptions([]);
    expect(options.setting).toBe('quick');
    expect(options.profiles).toEqual([...SIMULATED_PROFILES]);
    expect(options.modes).toEqual([...BENCH_MODES]);
    expect(options.out).toBe('infra/bench/out/quick');
    expect(options.real).toBeUndefined();
  });

  it('runs more problems, seeds and swept modes in the full setting', () => {
    const quick = parseBenchOptions(['--quick']);
    const full = parseBenchOptions(['--full']);
    const problems = (worlds: { count: number }[]) =>
      worlds.reduce((sum, world) => sum + world.count, 0);
    expect(problems(full.worlds)).toBeGreaterThan(problems(quick.worlds));
    expect(full.seeds.length).toBeGreaterThan(quick.seeds.length);
    expect(full.sweepModes).toContain('hedged');
  });

  it('lets flags narrow the run, in both --flag value and --flag=value forms', () => {
    const options = parseBenchOptions([
      '--profiles=edge',
      '--modes',
      'base,hedged',
      '--worlds',
      'aime:3,gpqa',
      '--seeds',
      '4,5',
      '--thresholds=3,9',
      '--out',
      '/tmp/report',
      '--snapshot',
    ]);
    expect(options).toMatchObject({
      profiles: ['edge'],
      modes: ['base', 'hedged'],
      worlds: [
        { world: 'aime', count: 3 },
        { world: 'gpqa', count: 4 },
      ],
      seeds: [4, 5],
      sweepThresholds: [3, 9],
      out: '/tmp/report',
      snapshot: true,
    });
  });

  it('takes real endpoints only with both URLs and both models, and their keys from the environment', () => {
    const endpoints =
      '--base-url https://gpu.example/v1 --base-model Qwen/QwQ-32B --draft-url http://127.0.0.1:9000/v1 --draft-model r1-1.5b';
    const options = parseBenchOptions(endpoints.split(' '), { BENCH_BASE_API_KEY: 'secret' });
    expect(options.profiles).toEqual(['real']);
    expect(options.real).toMatchObject({
      baseApiKey: 'secret',
      draftApiKey: undefined,
      apiMode: 'chat',
    });
    expect(() => parseBenchOptions(['--base-url', 'https://gpu.example/v1'])).toThrow(
      /--base-model, --draft-url, --draft-model/,
    );
  });

  it('sizes the replica-routing section per world, and --routing-conversations sets every world at once', () => {
    expect(parseBenchOptions([]).routingWorlds.map((selection) => selection.world)).toEqual([
      'math',
      'aime',
    ]);
    const options = parseBenchOptions([
      '--full',
      '--routing-worlds',
      'aime:16,math',
      '--placement-conversations=3',
    ]);
    expect(options.routingWorlds).toEqual([
      { world: 'aime', count: 16 },
      { world: 'math', count: 4 },
    ]);
    expect(options.placementConversations).toBe(3);
    expect(parseBenchOptions(['--full', '--routing-conversations', '0']).routingWorlds).toEqual([
      { world: 'math', count: 0 },
      { world: 'aime', count: 0 },
    ]);
    expect(() => parseBenchOptions(['--routing-worlds', 'aime:many'])).toThrow(
      /--routing-worlds: "many" is not a number/,
    );
  });

  it('refuses a run without base turns, an unknown mode, a value-less flag and an unknown flag, naming them', () => {
    expect(() => parseBenchOptions(['--modes', 'speculative'])).toThrow(/must include base/);
    expect(() => parseBenchOptions(['--modes', 'base,turbo'])).toThrow(/"turbo"/);
    expect(() => parseBenchOptions(['--seeds'])).toThrow(/'--seeds <value>' argument missing/);
    expect(() => parseBenchOptions(['--profile', 'edge'])).toThrow(/Unknown option '--profile'/);
  });
});
