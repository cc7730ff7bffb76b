/**
 * The suites' figures (faults survived, kills, load, fuzz cases), printed as one line each even
 * when vitest hides the console output of passing tests, so CI logs carry them.
 */
export function report(line: string): void {
  process.stdout.write(`[reliability] ${line}\n`);
}
