/**
 * Memory and CPU time of the workerd processes this test process started (through wrangler
 * dev), read from /proc. Linux only; elsewhere there is nothing to report.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One workerd process (wrangler dev runs two: the Worker's runtime and its dev proxy). */
export interface ProcessUsage {
  pid: number;
  /** Resident set size now, in bytes. */
  residentBytes: number;
  /** The largest resident set it has had since it started (VmHWM), in bytes. */
  peakResidentBytes: number;
  /** User and system CPU time since it started, in milliseconds. */
  cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function fieldsOf(status: string): Map<string, string> {
  return new Map(
    status.split('\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    }),
  );
}

function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, so cut at the last parenthesis).
  const fields = (read(`/proc/${pid}/stat`) ?? '').split(')').at(-1)?.trim().split(' ') ?? [];
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Every workerd process descended from `root` (this process by default). */
export function workerdUsage(root = process.pid): ProcessUsage[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const statuses = new Map<number, Map<string, string>>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const status = read(`/proc/${name}/status`);
    if (status !== undefined) statuses.set(Number(name), fieldsOf(status));
  }
  const parentOf = (pid: number) => Number(statuses.get(pid)?.get('PPid') ?? 0);
  const descends = (pid: number): boolean => {
    for (let current = parentOf(pid); current > 1; current = parentOf(current))
      if (current === root) return true;
    return false;
  };
  const kibibytes = (value: string | undefined) => Number.parseInt(value ?? '0', 10) * 1024;
  return [...statuses.entries()]
    .filter(([pid, status]) => status.get('Name') === 'workerd' && descends(pid))
    .map(([pid, status]) => ({
      pid,
      residentBytes: kibibytes(status.get('VmRSS')),
      peakResidentBytes: kibibytes(status.get('VmHWM')),
      cpuMs: cpuMsOf(pid),
    }));
}
