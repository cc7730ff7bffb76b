/** Turns a schema failure into the API error that names the parameter at fault. */
import type { z } from '@hono/zod-openapi';
import { type ApiError, badRequest } from './errors.ts';
import { UNSUPPORTED_PARAMETERS } from './schemas.ts';

/** `['messages', 0, 'content']` → `messages[0].content`. */
export function parameterName(path: readonly PropertyKey[]): string | null {
  let name = '';
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name === '' ? String(part) : `.${String(part)}`;
  }
  return name === '' ? null : name;
}

const UNSUPPORTED = new Set<string>(UNSUPPORTED_PARAMETERS);

export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (issue === undefined) return badRequest('Invalid request', null);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const param = parameterName([...issue.path, key]);
    if (issue.path.length === 0 && UNSUPPORTED.has(key)) {
      return badRequest(`'${key}' is not supported by this API`, param, 'unsupported_parameter');
    }
    return badRequest(
      `Unrecognized request argument supplied: ${param}`,
      param,
      'unknown_parameter',
    );
  }
  const param = parameterName(issue.path);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return badRequest(
      `Missing required parameter: '${param}'.`,
      param,
      'missing_required_parameter',
    );
  }
  return badRequest(`Invalid value for '${param ?? 'body'}': ${issue.message}`, param);
}
