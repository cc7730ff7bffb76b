/**
 * Replica pool settings: `BASE_URLS` / `DRAFT_URLS` list several OpenAI-compatible API roots,
 * each with an optional weight (`https://gpu-a.example.com/v1 2, https://gpu-b.example.com/v1`);
 * the single-URL settings `BASE_URL` / `DRAFT_URL` stay valid as a pool of one. Pure: reads the
 * record it is given and nothing else; every problem names the setting it is about.
 */

/** One replica of a model role: an API root and its share of conversations. */
export interface ReplicaSetting {
  /** The API root as configured, e.g. `https://gpu-a.example.com/v1`. */
  readonly url: string;
  /** Relative share of conversations (rendezvous weight); 1 when not given. */
  readonly weight: number;
}

/** The replicas of one model role, and the setting they were read from (for messages). */
export interface PoolSettings {
  readonly setting: string;
  readonly replicas: readonly ReplicaSetting[];
}

/** Either the pool or every problem found, each naming its setting. */
export type PoolSettingsResult =
  | { readonly ok: true; readonly pool: PoolSettings }
  | { readonly ok: false; readonly problems: readonly string[] };

/** A weight above this is almost certainly a typo (a port number, say). */
export const MAX_REPLICA_WEIGHT = 1000;

/**
 * Reads the pool of one role: `<PREFIX>_URLS` when set, else `<PREFIX>_URL`. `why` is appended
 * to "is not set" (e.g. " (needed when DRAFT_PROVIDER is openai-compatible)").
 */
export function readPoolSettings(
  env: Readonly<Record<string, unknown>>,
  prefix: 'BASE' | 'DRAFT',
  why = '',
): PoolSettingsResult {
  const single = `${prefix}_URL`;
  const list = `${prefix}_URLS`;
  const singleValue = stringSetting(env[single]);
  const listValue = typeof env[list] === 'string' ? (env[list] as string) : undefined;
  if (listValue !== undefined && singleValue !== undefined) {
    return failed(`${single} and ${list} are both set: keep ${list} (one or more URLs) only`);
  }
  if (listValue !== undefined) return parseReplicaList(list, listValue);
  if (singleValue === undefined) {
    return failed(`${single} (or ${list}) is not set${why}`);
  }
  if (!isHttpUrl(singleValue)) {
    return failed(`${single} must be an http(s) URL (got "${singleValue}")`);
  }
  return { ok: true, pool: { setting: single, replicas: [{ url: singleValue, weight: 1 }] } };
}

/** Parses `URL [WEIGHT]` entries separated by commas or new lines. */
export function parseReplicaList(setting: string, raw: string): PoolSettingsResult {
  const entries = raw
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    return failed(
      `${setting} is empty: list one or more http(s) URLs separated by commas, each optionally followed by a weight`,
    );
  }
  const problems: string[] = [];
  const replicas: ReplicaSetting[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const position = `${setting} entry ${index + 1}`;
    const [url = '', weightText, ...extra] = entry.split(/\s+/);
    if (extra.length > 0) {
      problems.push(`${position} must be "URL" or "URL WEIGHT" (got "${entry}")`);
      return;
    }
    if (!isHttpUrl(url)) {
      problems.push(`${position} must be an http(s) URL (got "${url}")`);
      return;
    }
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!Number.isFinite(weight) || weight <= 0 || weight > MAX_REPLICA_WEIGHT) {
      problems.push(
        `${position} has weight "${weightText}": a weight is a number above 0 and at most ${MAX_REPLICA_WEIGHT}`,
      );
      return;
    }
    const identity = replicaIdentity(url);
    const first = seen.get(identity);
    if (first !== undefined) {
      problems.push(`${setting} lists ${url} twice (entries ${first} and ${index + 1})`);
      return;
    }
    seen.set(identity, index + 1);
    replicas.push({ url, weight });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, pool: { setting, replicas } };
}

/** Two spellings of one endpoint (case of the host, a trailing slash) are one replica. */
export function replicaIdentity(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
}

/** Whether the value parses as an absolute http: or https: URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function stringSetting(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function failed(problem: string): PoolSettingsResult {
  return { ok: false, problems: [problem] };
}
