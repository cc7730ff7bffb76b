/**
 * Resident memory and CPU time of the workerd processes a local stack started, read from /proc
 * (Linux; elsewhere nothing is found). Only descendants of the given root (this process: wrangler
 * dev is our child, workerd its child) are counted, so another engineer's runtime on the same
 * machine is never measured. Used by the benchmark and the reliability load suite.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process's usage (wrangler dev runs two workerd: the Worker's runtime and its dev proxy). */
export interface ProcessUsage {
  pid: number;
  /** Resident set size now (VmRSS), in bytes. */
  residentBytes: number;
  /** The largest resident set it has had since it started (VmHWM), in bytes. */
  peakResidentBytes: number;
  /** User and system CPU time since it started, in milliseconds (10 ms resolution). */
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

/** Pids of `name` processes among the descendants of `root`. */
export function descendantsNamed(root: number, name: string): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, { pid: number; name: string }[]>();
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat === undefined) continue;
    // The name sits in parentheses and may hold spaces; the parent pid is the second field after it.
    const close = stat.lastIndexOf(')');
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    const entry = { pid, name: stat.slice(stat.indexOf('(') + 1, close) };
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (child.name === name) found.push(child.pid);
      queue.push(child.pid);
    }
  }
  return found;
}

/** The process's memory and CPU time now, or undefined if it is gone. */
export function processUsage(pid: number): ProcessUsage | undefined {
  const status = read(`/proc/${pid}/status`);
  const stat = read(`/proc/${pid}/stat`);
  if (status === undefined || stat === undefined) return undefined;
  const kibibytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) * 1024;
  // utime and stime are fields 14 and 15 of stat(5), counted after the parenthesised name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    pid,
    residentBytes: kibibytes('VmRSS'),
    peakResidentBytes: kibibytes('VmHWM'),
    cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
  };
}

/** Every workerd process descended from `root` (this process by default), as it is now. */
export function workerdUsage(root = process.pid): ProcessUsage[] {
  return descendantsNamed(root, 'workerd').flatMap((pid) => processUsage(pid) ?? []);
}
