/**
 * Fake model ports for core tests. A fake takes a value, an array consumed one item per call, or
 * a function of the request, and records every call. An item that is an Error is thrown. A
 * streamed call delivers its whole text in one piece unless the script function streamed it.
 */
import { ModelCallError } from '../../src/core/errors.ts';
import type {
  GenerateRequest,
  GenerateResult,
  JudgeRequest,
  JudgeResult,
  StepJudge,
  StepModel,
} from '../../src/core/ports.ts';

export type Scripted<Request, Result> =
  | Result
  | Error
  | ReadonlyArray<Result | Error>
  | ((request: Request, call: number) => Result | Error | Promise<Result | Error>);

function pick<Request, Result>(
  script: Scripted<Request, Result>,
  request: Request,
  call: number,
): Result | Error | Promise<Result | Error> {
  if (typeof script === 'function') {
    return (script as (request: Request, call: number) => Result | Error)(request, call);
  }
  if (Array.isArray(script)) {
    const item = script[call];
    if (item === undefined) throw new Error(`Fake script has no item for call ${call}`);
    return item;
  }
  return script as Result | Error;
}

/** A generation result with the given text; usage counts four characters a token unless given. */
export function generated(
  text: string,
  options: { tokens?: number; finish?: 'stop' | 'length'; promptTokens?: number } = {},
): GenerateResult {
  return {
    text,
    finishReason: { unified: options.finish ?? 'stop', raw: options.finish ?? 'stop' },
    usage: {
      promptTokens: options.promptTokens ?? 100,
      completionTokens: options.tokens ?? Math.max(1, Math.ceil(text.length / 4)),
      cachedPromptTokens: undefined,
    },
  };
}

/** A judge reply whose most likely token is `score` (top logprobs in likelihood order). */
export function judged(score: number | string, promptTokens = 70): JudgeResult {
  const token = String(score);
  const others = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].filter(
    (digit) => digit !== token,
  );
  return {
    token,
    topLogprobs: [
      { token, logprob: -0.1 },
      ...others.slice(0, 9).map((digit, position) => ({ token: digit, logprob: -3 - position })),
    ],
    usage: { promptTokens, completionTokens: 1, cachedPromptTokens: 0 },
  };
}

export function serverError(status = 503): ModelCallError {
  return new ModelCallError({
    code: 'http',
    status,
    message: `Model request failed with status ${status}`,
  });
}

export class FakeStepModel implements StepModel, StepJudge {
  readonly calls: GenerateRequest[] = [];
  readonly judgeCalls: JudgeRequest[] = [];

  constructor(
    readonly modelId: string,
    private readonly script: Scripted<GenerateRequest, GenerateResult> = generated('step'),
    private readonly judgeScript: Scripted<JudgeRequest, JudgeResult> = judged(9),
  ) {}

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const call = this.calls.length;
    this.calls.push(request);
    let delivered = false;
    const onText = request.onText;
    const tracked: GenerateRequest = {
      ...request,
      onText:
        onText &&
        ((text: string) => {
          delivered = true;
          onText(text);
        }),
    };
    const outcome = await pick(this.script, tracked, call);
    if (outcome instanceof Error) throw outcome;
    // A script that streamed by itself has delivered its text; otherwise stream it in one piece.
    if (!delivered) onText?.(outcome.text);
    return outcome;
  }

  async judge(request: JudgeRequest): Promise<JudgeResult> {
    const call = this.judgeCalls.length;
    this.judgeCalls.push(request);
    const outcome = await pick(this.judgeScript, request, call);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}
