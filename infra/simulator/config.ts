/**
 * Simulator configuration from flags, environment and an optional JSON file (flags win over the
 * environment, which wins over the file). `--profile` names a bundled profile or a profile file;
 * the file may also override fields of the profile's models and set standing faults.
 */
import { readFileSync } from 'node:fs';
import type { FaultConfig } from './faults.ts';
import { type FlavourSetting, parseFlavourFlag, resolveFlavour } from './flavours/flavour.ts';
import { loadProfile, type ModelProfile, type Profile, parseProfile } from './profile.ts';

export interface SimulatorConfig {
  host: string;
  port: number;
  profile: Profile;
  /** Real milliseconds waited per model millisecond (0.01 = 100 times faster; 0 = no waiting). */
  timeScale: number;
  /** Ids and `created` derived from the request even without a `seed`. */
  deterministic: boolean;
  /** vLLM's `--enable-prompt-tokens-details`: report cached tokens in usage. */
  promptTokensDetails: boolean;
  /** Standing faults per model. */
  faults?: Readonly<Record<string, FaultConfig>>;
  /** `--flavour`: every model behaves like this server (wins over the profile's per-model flavour). */
  flavour?: FlavourSetting;
}

/** The JSON file's shape: every field optional. */
export interface ConfigFile {
  host?: string;
  port?: number;
  profile?: string | Profile;
  timeScale?: number;
  deterministic?: boolean;
  promptTokensDetails?: boolean;
  /** Field overrides merged into the profile's models (e.g. `{"draft": {"decodeMsPerToken": 5}}`). */
  models?: Record<string, Partial<ModelProfile>>;
  faults?: Record<string, FaultConfig>;
}

export const DEFAULT_PORT = 8788;
export const DEFAULT_PROFILE = 'h100';

export const USAGE = `Usage: npm run simulator -- [options]
  --port N           listen port (env SIM_PORT; default ${DEFAULT_PORT}; 0 = any free port)
  --host H           listen address (env SIM_HOST; default 127.0.0.1)
  --profile P        paper-a6000 | h100 | edge | test, or a profile JSON file (env SIM_PROFILE; default ${DEFAULT_PROFILE})
  --time-scale X     real ms per model ms, e.g. 0.01 (env SIM_TIME_SCALE; default 1)
  --config FILE      JSON configuration file (env SIM_CONFIG)
  --deterministic    ids and created derived from the request even without a seed
  --prompt-tokens-details   report cached prompt tokens in usage
  --flavour F[:P]    every model behaves like vllm | sglang | llama.cpp | workers-ai, with reasoning
                     parser P (deepseek_r1 | qwen3; vllm and sglang) (env SIM_FLAVOUR)`;

/** Reads the configuration; throws with a readable message on bad input. */
export function readConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SimulatorConfig {
  const flags = parseFlags(argv);
  const configPath = flags.get('config') ?? env.SIM_CONFIG;
  const file: ConfigFile =
    configPath === undefined ? {} : (JSON.parse(readFileSync(configPath, 'utf8')) as ConfigFile);
  const pick = (flag: string, variable: string) => flags.get(flag) ?? env[variable];
  const profileSetting = pick('profile', 'SIM_PROFILE') ?? file.profile ?? DEFAULT_PROFILE;
  const profile =
    typeof profileSetting === 'string'
      ? loadProfile(profileSetting)
      : parseProfile(profileSetting, configPath ?? 'config');
  return {
    host: pick('host', 'SIM_HOST') ?? file.host ?? '127.0.0.1',
    port: toNumber(pick('port', 'SIM_PORT') ?? file.port ?? DEFAULT_PORT, 'port'),
    profile: withOverrides(profile, file.models),
    timeScale: toNumber(pick('time-scale', 'SIM_TIME_SCALE') ?? file.timeScale ?? 1, 'time scale'),
    deterministic:
      flags.has('deterministic') || env.SIM_DETERMINISTIC === '1' || file.deterministic === true,
    promptTokensDetails: flags.has('prompt-tokens-details') || file.promptTokensDetails === true,
    faults: file.faults,
    ...flavourOf(pick('flavour', 'SIM_FLAVOUR')),
  };
}

function flavourOf(flag: string | undefined): { flavour?: FlavourSetting } {
  if (flag === undefined) return {};
  const flavour = parseFlavourFlag(flag);
  resolveFlavour(flavour);
  return { flavour };
}

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--'))
      throw new TypeError(`Unexpected argument "${argument}"\n${USAGE}`);
    const [name = '', inline] = argument.slice(2).split('=', 2);
    if (name === 'deterministic' || name === 'prompt-tokens-details' || name === 'help') {
      flags.set(name, 'true');
      continue;
    }
    if (inline === undefined) index += 1;
    const value = inline ?? argv[index];
    if (value === undefined) throw new TypeError(`--${name} needs a value\n${USAGE}`);
    flags.set(name, value);
  }
  return flags;
}

function toNumber(value: string | number, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new TypeError(`Invalid ${what}: ${value}`);
  return number;
}

function withOverrides(profile: Profile, overrides: ConfigFile['models']): Profile {
  if (overrides === undefined) return profile;
  const models: Record<string, ModelProfile> = { ...profile.models };
  for (const [name, override] of Object.entries(overrides)) {
    const existing = models[name];
    models[name] = {
      ...(existing ?? models[Object.keys(models)[0] ?? ''] ?? ({} as ModelProfile)),
      ...override,
    } as ModelProfile;
  }
  return parseProfile({ ...profile, models }, 'config overrides');
}
