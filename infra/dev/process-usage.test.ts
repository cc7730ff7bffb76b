import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendantsNamed, processUsage, workerdUsage } from './process-usage.ts';

describe("reading a runtime's memory and CPU from /proc", () => {
  it('finds processes by name among our own descendants only', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      expect(descendantsNamed(process.pid, 'sleep')).toContain(child.pid);
      expect(descendantsNamed(child.pid as number, 'sleep')).toEqual([]);
      expect(workerdUsage(child.pid as number)).toEqual([]);
    } finally {
      child.kill();
    }
  });

  it("reads this process's resident memory, its peak and CPU time, and nothing for a process that is gone", () => {
    const usage = processUsage(process.pid);
    expect(usage?.pid).toBe(process.pid);
    expect(usage?.residentBytes).toBeGreaterThan(1024 * 1024);
    expect(usage?.peakResidentBytes).toBeGreaterThanOrEqual(usage?.residentBytes ?? Number.NaN);
    expect(usage?.cpuMs).toBeGreaterThanOrEqual(0);
    expect(processUsage(2 ** 30)).toBeUndefined();
  });
});
