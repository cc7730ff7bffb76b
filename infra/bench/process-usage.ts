/**
 * Reads the Worker runtime's resident memory and CPU time from /proc (Linux): the `workerd`
 * processes descended from this benchmark (wrangler dev is our child, workerd its child), so
 * another engineer's runtime on the same machine is never measured. Undefined elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessEntry {
  pid: number;
  parent: number;
  name: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name sits in parentheses and may hold spaces; the parent pid is the second field after it.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const parent = Number(stat.slice(close + 2).split(' ')[1]);
    return { pid, parent, name };
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
  const entries = pids.flatMap((pid) => readEntry(pid) ?? []);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries)
    children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry]);
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

/** Resident set size in bytes (VmRSS), or undefined if the process is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) the process has used, in ms (10 ms resolution), or undefined. */
export function cpuMilliseconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
