/**
 * The few statistics the benchmark reports: median and nearest-rank percentiles, means, ratios
 * that stay undefined instead of dividing by zero, and a least-squares slope. Pure.
 */

/** The `fraction` quantile (0–1) by linear interpolation between order statistics. */
export function quantile(values: readonly number[], fraction: number): number | undefined {
  const sorted = values.filter(Number.isFinite).sort((left, right) => left - right);
  if (sorted.length === 0) return undefined;
  const position = (sorted.length - 1) * Math.min(Math.max(fraction, 0), 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
export const p90 = (values: readonly number[]) => quantile(values, 0.9);

export function mean(values: readonly number[]): number | undefined {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? undefined : sum(finite) / finite.length;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** `numerator / denominator`, or undefined when either is missing or the denominator is 0. */
export function ratio(
  numerator: number | undefined,
  denominator: number | undefined,
): number | undefined {
  if (numerator === undefined || denominator === undefined || denominator === 0) return undefined;
  return numerator / denominator;
}

/** The least-squares slope of y over x; undefined with fewer than two distinct x. */
export function slope(points: readonly (readonly [number, number])[]): number | undefined {
  if (points.length < 2) return undefined;
  const meanX = sum(points.map(([x]) => x)) / points.length;
  const meanY = sum(points.map(([, y]) => y)) / points.length;
  const spread = sum(points.map(([x]) => (x - meanX) ** 2));
  if (spread === 0) return undefined;
  return sum(points.map(([x, y]) => (x - meanX) * (y - meanY))) / spread;
}

/**
 * One least-squares slope shared by several groups of points, each group with its own level
 * (points are centred within their group), and its standard error. Undefined without spread.
 */
export function pooledSlope(
  groups: readonly (readonly (readonly [number, number])[])[],
): { slope: number; standardError: number | undefined } | undefined {
  const centred = groups.flatMap((points) => {
    if (points.length === 0) return [];
    const meanX = sum(points.map(([x]) => x)) / points.length;
    const meanY = sum(points.map(([, y]) => y)) / points.length;
    return points.map(([x, y]) => [x - meanX, y - meanY] as const);
  });
  const spread = sum(centred.map(([x]) => x * x));
  if (spread === 0) return undefined;
  const value = sum(centred.map(([x, y]) => x * y)) / spread;
  const freedom = centred.length - groups.length - 1;
  if (freedom <= 0) return { slope: value, standardError: undefined };
  const residual = sum(centred.map(([x, y]) => (y - value * x) ** 2)) / freedom;
  return { slope: value, standardError: Math.sqrt(residual / spread) };
}
