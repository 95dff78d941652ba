// One error shape for every API failure: { error, message, statusCode }, where
// message names the field at fault for 400s. Internal errors are logged with
// their stack and answered with a generic message (never a query or a secret).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from './plugins.ts';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { text } from '../../platform/text.ts';
import { errorPageHtml, wantsHtml } from '../dashboard/error-page.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}
export const badRequest = (m: string) => new ApiError(400, m);
export const notFound = (m: string) => new ApiError(404, m);
export const conflict = (m: string) => new ApiError(409, m);
export const unavailable = (m: string) => new ApiError(503, m);

export const ErrorBody = z.object({ error: text(), message: text(), statusCode: z.number().int() });

/**
 * The errors any API route can answer, in every route's OpenAPI entry:
 * bad input (naming the field), no or bad key, a role that may not, an
 * unknown id or path, a body over the limit.
 */
export const STANDARD_ERRORS = {
  400: ErrorBody.describe('Bad input; `message` names the field (`body.label: ...`)'),
  401: ErrorBody.describe('No API key, or one that is invalid or revoked'),
  403: ErrorBody.describe("The key's role may not call this route"),
  404: ErrorBody.describe('No such resource (or route)'),
  413: ErrorBody.describe('The request body is larger than the server accepts'),
} as const;

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

/** `body.claims[0]` from ('body', ['claims', 0]). */
export function fieldName(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  let out = context ?? 'request';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : `.${p}`;
  return out;
}

/** Dashboard pages asked for by a browser get the error as an HTML page; everything else the JSON body. */
function sendError(request: FastifyRequest, reply: FastifyReply, status: number, body: z.infer<typeof ErrorBody>) {
  if (wantsHtml(request))
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPageHtml(status, body.message, request.principal ?? null));
  return reply.code(status).send(body);
}

export function installErrorHandler(app: ApiApp): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0]!;
      let message = first.message;
      // zod says "Unrecognized key: x" at the object's path; name the key itself.
      const keys = (first.params as { keys?: string[] }).keys;
      const path = keys?.length ? `${first.instancePath}/${keys[0]}` : first.instancePath;
      if (first.keyword === 'unrecognized_keys') message = 'is not an accepted field';
      return reply.code(400).send({
        error: 'Bad Request',
        message: `${fieldName(err.validationContext, path)}: ${message}`,
        statusCode: 400,
      });
    }
    if (err instanceof ApiError) {
      return sendError(request, reply, err.statusCode, {
        error: REASON[err.statusCode] ?? 'Error',
        message: err.message,
        statusCode: err.statusCode,
      });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues.slice(0, 3) }, 'response did not match its schema');
      return reply.code(500).send({ error: 'Internal Server Error', message: 'internal error', statusCode: 500 });
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large).
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? `body: ${err.message}`
          : err.message;
      return sendError(request, reply, status, { error: REASON[status] ?? 'Bad Request', message, statusCode: status });
    }
    request.log.error({ err }, 'request failed');
    return sendError(request, reply, 500, {
      error: 'Internal Server Error',
      message: 'internal error',
      statusCode: 500,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, {
      error: 'Not Found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      statusCode: 404,
    }),
  );
}
