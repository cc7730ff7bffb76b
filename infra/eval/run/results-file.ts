/**
 * The results file of a run: JSON lines, one per finished sample, appended as each finishes, so a
 * run stopped at any point (a crash, Ctrl-C) continues where it stopped. A later line for the same
 * key replaces an earlier one (a failed sample retried). A torn last line is ignored.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReplyUsage } from './api-client.ts';
import type { EvalMode, ScoreMethod, Semantics } from './sweep-plan.ts';

/** One finished sample. Absent values are `null`, so every line has every field. */
export interface SampleResult {
  key: string;
  dataset: string;
  problemId: string;
  mode: EvalMode;
  threshold: number | null;
  scoreMethod: ScoreMethod;
  firstNBaseSteps: number;
  tokenBudget: number;
  /** Absent in results written before the knob existed: those ran the product semantics. */
  semantics?: Semantics | undefined;
  sample: number;
  seed: number;
  status: 'ok' | 'failed';
  isCorrect: boolean | null;
  /** The answer found in the reply (a letter for multiple choice). */
  extracted: string | null;
  expected: string;
  foundIn: 'content' | 'reasoning' | 'none' | null;
  /**
   * The grade without the answer phase, as the reference grades: the answer in the kept steps
   * only, the reply's content ignored. Absent in results written before it was recorded.
   */
  isCorrectWithoutAnswerPhase?: boolean | null | undefined;
  /** Client-side wall time of the successful attempt, in milliseconds. */
  latencyMs: number | null;
  serverElapsedMs: number | null;
  attempts: number;
  usage: ReplyUsage | null;
  finishReason: string | null;
  conversationId: string | null;
  error: {
    message: string;
    status: number | null;
    type: string | null;
    code: string | null;
  } | null;
  /** The final content and the reasoning's last step, cut to a few thousand characters. */
  content: string | null;
  lastStep: string | null;
  finishedAt: string;
}

export interface StoredResults {
  /** The latest result of each key. */
  byKey: Map<string, SampleResult>;
  /** Lines that could not be read (a line torn by a crash). */
  unreadableLines: number;
}

/** Reads a results file; a missing file is an empty run. */
export async function readResults(path: string): Promise<StoredResults> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { byKey: new Map(), unreadableLines: 0 };
    }
    throw error;
  }
  const byKey = new Map<string, SampleResult>();
  let unreadableLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const result = JSON.parse(line) as SampleResult;
      if (typeof result.key !== 'string') throw new TypeError('no key');
      byKey.set(result.key, result);
    } catch {
      unreadableLines++;
    }
  }
  return { byKey, unreadableLines };
}

/**
 * Appends results one line at a time. Each write starts on a fresh line, so a line torn by an
 * earlier crash cannot swallow the next result.
 */
export async function createResultsWriter(path: string) {
  await mkdir(dirname(path), { recursive: true });
  let needsNewline = await endsWithoutNewline(path);
  let queue = Promise.resolve();
  return {
    append(result: SampleResult): Promise<void> {
      const line = `${needsNewline ? '\n' : ''}${JSON.stringify(result)}\n`;
      needsNewline = false;
      queue = queue.then(() => appendFile(path, line, 'utf8'));
      return queue;
    },
  };
}

async function endsWithoutNewline(path: string): Promise<boolean> {
  try {
    const text = await readFile(path, 'utf8');
    return text.length > 0 && !text.endsWith('\n');
  } catch {
    return false;
  }
}
