import { describe, expect, it } from 'vitest';
import { createOpenAICompatibleModel } from '../../src/adapters/openai-compatible/openai-compatible-model.ts';
import { createChatPromptRenderer } from '../../src/adapters/prompt/chat-prompt.ts';
import {
  CHAT_URL,
  COMPLETIONS_URL,
  JUDGE_MESSAGES,
  judgeRequest,
  QUESTION,
  replayModel,
  STEP_MESSAGES,
  stepRequest,
} from './helpers/models.ts';
import {
  fixtureLines,
  fixtureText,
  jsonResponse,
  replayBody,
  sseResponse,
  sseText,
} from './helpers/replay.ts';

function chatStep() {
  return sseResponse(
    replayBody([new TextEncoder().encode(sseText(fixtureLines('vllm-chat-step.jsonl')))]),
  );
}

function completionsStep() {
  const text = sseText(fixtureLines('vllm-completions-step.jsonl'));
  return sseResponse(replayBody([new TextEncoder().encode(text)]));
}

/** What a step call sends on both endpoints besides its messages or prompt. */
const STEP_SAMPLING = {
  max_tokens: 512,
  temperature: 0.6,
  top_p: 0.95,
  stop: ['\n\n'],
  seed: 7,
  include_stop_str_in_output: false,
  skip_special_tokens: true,
  stream: true,
  stream_options: { include_usage: true },
};

describe('the request bodies sent in chat mode', () => {
  it('continue a final assistant message sending the core sampling parameters and no top_k, min_p or repetition_penalty', async () => {
    const { model, requests } = replayModel([chatStep()]);
    await model.generate(stepRequest());
    expect(requests[0]?.url).toBe(CHAT_URL);
    expect(requests[0]?.body).toStrictEqual({
      model: 'base',
      messages: STEP_MESSAGES,
      add_generation_prompt: false,
      continue_final_message: true,
      ...STEP_SAMPLING,
    });
  });

  it('cannot close the thinking in chat mode and say so, leaving the messages as they are', async () => {
    const { model, requests } = replayModel([chatStep()]);
    expect(model.closesThinking).toBe(false);
    await model.generate(stepRequest({ closeThinking: true }));
    expect(requests[0]?.body.messages).toEqual(STEP_MESSAGES);
  });

  it('open a new assistant turn when the conversation ends with the user, and omit an unset seed', async () => {
    const { model, requests } = replayModel([chatStep()]);
    await model.generate(
      stepRequest({
        messages: [QUESTION],
        sampling: { temperature: 0, topP: 1, maxTokens: 64, stop: [], seed: undefined },
      }),
    );
    const body = requests[0]?.body ?? {};
    expect([body.add_generation_prompt, body.continue_final_message]).toEqual([true, false]);
    expect([body.temperature, body.top_p, body.max_tokens, body.stop]).toEqual([0, 1, 64, []]);
    expect('seed' in body).toBe(false);
  });

  it('ask the judge for one greedy token with its top logprobs, not streamed', async () => {
    const { model, requests } = replayModel([jsonResponse(fixtureText('vllm-chat-judge.jsonl'))]);
    await model.judge(judgeRequest({ topLogprobs: 10, seed: 3 }));
    expect(requests[0]?.body).toStrictEqual({
      model: 'base',
      messages: JUDGE_MESSAGES,
      add_generation_prompt: false,
      continue_final_message: true,
      max_tokens: 1,
      temperature: 0,
      top_p: 1,
      seed: 3,
      logprobs: true,
      top_logprobs: 10,
      stream: false,
    });
  });

  it('send the key, the accept type and extra headers', async () => {
    const { model, requests } = replayModel(
      [chatStep(), jsonResponse(fixtureText('vllm-chat-judge.jsonl'))],
      {
        apiKey: 'sk-test',
        headers: { 'x-gateway': 'edge' },
      },
    );
    await model.generate(stepRequest());
    await model.judge(judgeRequest());
    expect(requests.map((request) => request.headers)).toEqual([
      {
        accept: 'text/event-stream',
        authorization: 'Bearer sk-test',
        'content-type': 'application/json',
        'x-gateway': 'edge',
      },
      {
        accept: 'application/json',
        authorization: 'Bearer sk-test',
        'content-type': 'application/json',
        'x-gateway': 'edge',
      },
    ]);
  });
});

describe('the request bodies sent in completions mode', () => {
  const qwq = createChatPromptRenderer('qwq');

  it('carry the prompt rendered from the chat template, continuing the final message', async () => {
    const { model, requests } = replayModel([completionsStep()], {
      mode: 'completions',
      chatTemplate: 'qwq',
      baseUrl: 'http://127.0.0.1:8788/v1/',
    });
    await model.generate(stepRequest());
    expect(requests[0]?.url).toBe(COMPLETIONS_URL);
    expect(requests[0]?.body).toStrictEqual({
      model: 'base',
      prompt:
        '<|im_start|>user\nWhat is 3 × 4 / 2?<|im_end|>\n<|im_start|>assistant\n<think>Read the question.\n\n',
      ...STEP_SAMPLING,
    });
  });

  it('close the thinking after the continued message when the answer call asks for it', async () => {
    const { model, requests } = replayModel([completionsStep()], {
      mode: 'completions',
      chatTemplate: 'qwq',
    });
    expect(model.closesThinking).toBe(true);
    await model.generate(stepRequest({ closeThinking: true }));
    expect(requests[0]?.body.prompt).toBe(
      '<|im_start|>user\nWhat is 3 × 4 / 2?<|im_end|>\n<|im_start|>assistant\n<think>Read the question.\n\n</think>\n\n',
    );
  });

  it('ask the judge for completions logprobs without echo', async () => {
    const { model, requests } = replayModel(
      [jsonResponse(fixtureText('vllm-completions-judge.jsonl'))],
      {
        mode: 'completions',
        chatTemplate: 'qwq',
      },
    );
    await model.judge(judgeRequest({ seed: undefined }));
    expect(requests[0]?.body).toStrictEqual({
      model: 'base',
      prompt: qwq(JUDGE_MESSAGES),
      max_tokens: 1,
      temperature: 0,
      top_p: 1,
      logprobs: 10,
      echo: false,
      stream: false,
    });
  });

  it('need a chat template', () => {
    expect(() =>
      createOpenAICompatibleModel({
        baseUrl: 'http://127.0.0.1:8788/v1',
        model: 'm',
        mode: 'completions',
        role: 'base',
      }),
    ).toThrow(/needs a chat template/);
  });
});
