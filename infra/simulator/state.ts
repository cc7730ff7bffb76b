/**
 * The running simulator's state: the served models (profile numbers plus behaviour defaults),
 * their prefix caches and GPU groups, the engine, the stats and the fault book. Built once from
 * the configuration; routes read it.
 */
import type { TemplateFamily } from './chat-template.ts';
import type { SimulatorConfig } from './config.ts';
import {
  type Clock,
  createEngine,
  type Engine,
  type GpuGroup,
  type ModelRuntime,
} from './engine.ts';
import { createFaultBook, type FaultBook } from './faults.ts';
import { createFlavourBook, type FlavourBook } from './flavours/flavour.ts';
import { createPrefixCache } from './prefix-cache.ts';
import type { GenerationConfig, ModelProfile } from './profile.ts';
import { createStatsStore, type StatsStore } from './stats.ts';
import { SKILLS, type Skill } from './worlds/skills.ts';

/** A model the simulator serves. */
export interface ServedModel {
  name: string;
  runtime: ModelRuntime;
  skill: Skill;
  template: TemplateFamily;
  maxModelLen: number;
  generationConfig: GenerationConfig;
  aliases: readonly string[];
}

export interface SimulatorState {
  config: SimulatorConfig;
  models: Map<string, ServedModel>;
  engine: Engine;
  stats: StatsStore;
  faults: FaultBook;
  /** Which server each model behaves like (flavours/). */
  flavours: FlavourBook;
  clock: Clock;
}

/** QwQ-32B's generation_config.json; R1-Distill's sets temperature and top_p only. */
const GENERATION_DEFAULTS: Readonly<Record<'base' | 'draft', GenerationConfig>> = {
  base: { temperature: 0.6, top_p: 0.95, top_k: 40, repetition_penalty: 1.0 },
  draft: { temperature: 0.6, top_p: 0.95 },
};

export function createState(config: SimulatorConfig, clock: Clock): SimulatorState {
  const shared: GpuGroup = { active: 0 };
  const models = new Map<string, ServedModel>();
  for (const [name, profile] of Object.entries(config.profile.models)) {
    models.set(
      name,
      serveModel(name, profile, config.profile.colocated === true ? shared : { active: 0 }),
    );
  }
  const faults = Object.fromEntries(
    Object.entries(config.faults ?? {}).filter(([model]) => models.has(model)),
  );
  return {
    config,
    models,
    engine: createEngine(clock, config.timeScale),
    stats: createStatsStore(),
    faults: createFaultBook(faults),
    flavours: createFlavourBook(
      [...models.keys()],
      Object.fromEntries(
        Object.entries(config.profile.models).map(([name, profile]) => [
          name,
          config.flavour ?? profile.flavour,
        ]),
      ),
    ),
    clock,
  };
}

function serveModel(name: string, profile: ModelProfile, group: GpuGroup): ServedModel {
  const skill = profile.skill ?? (name === 'draft' ? 'draft' : 'base');
  return {
    name,
    runtime: {
      name,
      profile,
      cache: createPrefixCache(profile.prefixCacheBlockTokens, profile.prefixCacheBlocks ?? 4096),
      group,
    },
    skill: SKILLS[skill],
    template: profile.template ?? 'chatml',
    maxModelLen: profile.maxModelLen ?? 32768,
    generationConfig: profile.generationConfig ?? GENERATION_DEFAULTS[skill],
    aliases: profile.aliases ?? [],
  };
}

/** The model a request names: a served name, an alias or the weights' name; none → the first. */
export function resolveModel(
  state: SimulatorState,
  requested: string | null | undefined,
): ServedModel | undefined {
  if (requested === undefined || requested === null || requested === '')
    return state.models.values().next().value;
  const direct = state.models.get(requested);
  if (direct !== undefined) return direct;
  for (const model of state.models.values()) {
    if (model.aliases.includes(requested) || model.runtime.profile.modelName === requested)
      return model;
  }
  return undefined;
}
