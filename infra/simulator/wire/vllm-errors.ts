/**
 * Error bodies of the pinned vLLM version: the nested envelope `{"error": {message, type, param,
 * code}}` with an integer code equal to the HTTP status, request-validation errors as FastAPI +
 * pydantic print them, and the in-band stream error (plain `json.dumps`, ASCII-escaped).
 */
import { dumpJson, JSON_DUMPS_STYLE, type PyJson } from './python-json.ts';
import { pythonRepr } from './python-repr.ts';

/** An error response: its HTTP status and body. */
export interface WireError {
  status: number;
  body: PyJson;
}

/** `create_error_response`: `param` stays null in this version. */
export function errorResponse(
  message: string,
  type: string,
  status: number,
  param: string | null = null,
): WireError {
  return { status, body: { error: { message, type, param, code: status } } };
}

export const badRequest = (message: string): WireError =>
  errorResponse(message, 'BadRequestError', 400);
export const notFound = (message: string): WireError =>
  errorResponse(message, 'NotFoundError', 404);

/** One pydantic error as FastAPI lists it. */
export interface ValidationIssue {
  type: string;
  loc: readonly (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** A `model_validator` ValueError. */
export function valueErrorIssue(message: string, input: unknown): ValidationIssue {
  return {
    type: 'value_error',
    loc: ['body'],
    msg: `Value error, ${message}`,
    input,
    ctx: { error: { exception: 'ValueError', message } },
  };
}

/** The 400 the app's RequestValidationError handler returns ("Bad Request", str(exc.errors())). */
export function validationError(issue: ValidationIssue): WireError {
  const printable = {
    type: issue.type,
    loc: { tuple: issue.loc },
    msg: issue.msg,
    input: issue.input,
    ...(issue.ctx === undefined ? {} : { ctx: issue.ctx }),
  };
  return errorResponse(pythonRepr([printable]), 'Bad Request', 400);
}

/** The `data:` payload of an error raised after a stream started. */
export function streamingErrorData(error: WireError): string {
  return dumpJson(error.body, JSON_DUMPS_STYLE);
}
