import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cpuMilliseconds, descendantsNamed, residentBytes } from './process-usage.ts';

describe("reading a runtime's memory and CPU from /proc", () => {
  it('finds processes by name among our own descendants only', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      expect(descendantsNamed(process.pid, 'sleep')).toContain(child.pid);
      expect(descendantsNamed(child.pid as number, 'sleep')).toEqual([]);
    } finally {
      child.kill();
    }
  });

  it("reads this process's resident memory and CPU time, and nothing for a process that is gone", () => {
    expect(residentBytes(process.pid)).toBeGreaterThan(1024 * 1024);
    expect(cpuMilliseconds(process.pid)).toBeGreaterThanOrEqual(0);
    expect(residentBytes(2 ** 30)).toBeUndefined();
    expect(cpuMilliseconds(2 ** 30)).toBeUndefined();
  });
});
