/**
 * From a validated chat completion request to what a turn needs: the question and its template,
 * earlier exchanges, the system prompt and the resolved knobs. Client mistakes become 400s that
 * name the parameter.
 */
import type { AppConfig } from '../app-config.ts';
import { resolveTurnConfig, type TurnConfig } from '../core/config.ts';
import type { HistoryTurn, Problem } from '../core/prompts.ts';
import { badRequest } from './errors.ts';
import type { ChatCompletionRequest, ChatMessageInput } from './schemas.ts';

export interface TurnRequest {
  problem: Problem;
  userText: string;
  system: string | undefined;
  /** Earlier exchanges sent with the request (used when it starts a new conversation). */
  history: HistoryTurn[];
  config: TurnConfig;
}

function textOf(message: ChatMessageInput, position: number): string {
  const content = message.content;
  if (content === null)
    throw badRequest('Message content must not be null', `messages[${position}].content`);
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function splitMessages(messages: readonly ChatMessageInput[]): {
  system: string | undefined;
  history: HistoryTurn[];
  question: string;
} {
  const systemParts: string[] = [];
  const dialogue: Array<{ role: 'user' | 'assistant'; text: string; position: number }> = [];
  messages.forEach((message, position) => {
    const text = textOf(message, position);
    if (message.role === 'system' || message.role === 'developer') systemParts.push(text);
    else dialogue.push({ role: message.role, text, position });
  });
  const last = dialogue.at(-1);
  if (last === undefined || last.role !== 'user') {
    const position = last?.position ?? messages.length - 1;
    throw badRequest('The last message must be from the user', `messages[${position}].role`);
  }
  const history: HistoryTurn[] = [];
  for (let index = 0; index + 1 < dialogue.length - 1; index += 2) {
    const user = dialogue[index];
    const assistant = dialogue[index + 1];
    if (user?.role !== 'user' || assistant?.role !== 'assistant') {
      const position = (user?.role !== 'user' ? user : assistant)?.position ?? 0;
      throw badRequest(
        'Earlier messages must alternate between user and assistant',
        `messages[${position}].role`,
      );
    }
    history.push({ user: user.text, answer: assistant.text });
  }
  if (dialogue.length % 2 === 0) {
    throw badRequest(
      'Earlier messages must alternate between user and assistant',
      `messages[${last.position}].role`,
    );
  }
  return {
    system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
    history,
    question: last.text,
  };
}

export function toTurnRequest(
  request: ChatCompletionRequest,
  config: AppConfig,
  randomSeed: number,
): TurnRequest {
  if (request.model !== config.publicModel) {
    throw badRequest(
      `The model '${request.model}' does not exist; use '${config.publicModel}'`,
      'model',
      'model_not_found',
    );
  }
  const promptChars = request.messages.reduce(
    (sum, message, position) => sum + textOf(message, position).length,
    0,
  );
  if (promptChars > config.maxPromptChars) {
    throw badRequest(
      `The messages hold ${promptChars} characters; at most ${config.maxPromptChars} are accepted`,
      'messages',
      'context_length_exceeded',
    );
  }
  const { system, history, question } = splitMessages(request.messages);
  const options = request.specreason ?? {};
  const template = options.prompt_template ?? 'generic';
  if (template === 'multiple-choice' && options.choices === undefined) {
    throw badRequest(
      'A multiple-choice question needs its four choices',
      'specreason.choices',
      'missing_required_parameter',
    );
  }
  if (template !== 'multiple-choice' && options.choices !== undefined) {
    throw badRequest(
      'choices are only used with prompt_template "multiple-choice"',
      'specreason.choices',
    );
  }
  const turnConfig = resolveTurnConfig({
    ...config.defaults,
    seed: options.seed ?? (typeof request.seed === 'number' ? request.seed >>> 0 : randomSeed),
    mode: options.mode ?? config.defaults.mode,
    threshold: options.threshold ?? config.defaults.threshold,
    scoreMethod: options.score_method ?? config.defaults.scoreMethod,
    firstNBaseSteps: options.first_n_base_steps ?? config.defaults.firstNBaseSteps,
    tokenBudget: options.token_budget ?? config.defaults.tokenBudget,
    maxStepTokens: options.max_step_tokens ?? config.defaults.maxStepTokens,
    pipeline: options.pipeline ?? config.defaults.pipeline,
    semantics: options.semantics ?? config.defaults.semantics,
    answerMaxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
  });
  return {
    problem: { template, text: question, choices: options.choices },
    userText: question,
    system,
    history,
    config: turnConfig,
  };
}
