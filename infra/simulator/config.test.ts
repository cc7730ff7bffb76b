import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

function configFile(content: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sim-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('configuration', () => {
  it('defaults to port 8788, the h100 profile and real time', () => {
    const config = readConfig([], {});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8788,
      timeScale: 1,
      deterministic: false,
    });
    expect(config.profile.name).toBe('h100');
    expect(Object.keys(config.profile.models)).toEqual(['base', 'draft']);
  });

  it('takes flags over the environment over the file', () => {
    const file = configFile({ port: 9000, timeScale: 0.5, profile: 'edge' });
    expect(readConfig(['--config', file], {}).port).toBe(9000);
    expect(readConfig(['--config', file], { SIM_PORT: '9100' }).port).toBe(9100);
    const config = readConfig(
      ['--config', file, '--port=9200', '--time-scale', '0.01', '--profile', 'test'],
      { SIM_PORT: '9100' },
    );
    expect(config).toMatchObject({ port: 9200, timeScale: 0.01 });
    expect(config.profile.name).toBe('test');
  });

  it('merges model overrides from the file into the profile, adding models it names', () => {
    const file = configFile({
      profile: 'test',
      models: { draft: { decodeMsPerToken: 9 }, judge: { skill: 'base' } },
    });
    const models = readConfig(['--config', file], {}).profile.models;
    expect(models.draft?.decodeMsPerToken).toBe(9);
    expect(models.draft?.prefillFixedMs).toBe(1);
    expect(models.judge?.skill).toBe('base');
  });

  it('refuses a bad number or an unknown argument with a readable message', () => {
    expect(() => readConfig(['--time-scale', 'fast'], {})).toThrow('Invalid time scale: fast');
    expect(() => readConfig(['loose'], {})).toThrow('Unexpected argument "loose"');
  });

  it('reads a profile file in the documented shape', () => {
    const path = configFile({
      name: 'h100-measured',
      models: {
        base: {
          modelName: 'Qwen/QwQ-32B',
          requestOverheadMs: 5,
          networkRttMs: 1,
          prefillFixedMs: 8,
          prefillMsPerToken: 0.09,
          prefillTable: [[64, 12.1]],
          decodeMsPerToken: 21.5,
          prefixCacheBlockTokens: 16,
          concurrencySlowdown: 0.05,
        },
      },
    });
    expect(readConfig(['--profile', path], {}).profile.name).toBe('h100-measured');
    expect(() =>
      readConfig(
        ['--profile', configFile({ name: 'x', models: { base: { modelName: 'y' } } })],
        {},
      ),
    ).toThrow('needs a numeric "requestOverheadMs"');
  });
});
