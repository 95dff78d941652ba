// Authentication and role checks for every route. A route declares
// `config: { roles: ACCESS.x }` (or `public: true`); a route that declares
// neither is refused to everyone, so forgetting the declaration fails closed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from '../plugins.ts';
import type { Db } from '../../../platform/db/client.ts';
import { errorPageHtml, wantsHtml } from '../../dashboard/error-page.ts';
import { sessionPrincipal } from '../../dashboard/sessions.ts';
import { authenticateApiKey, type ApiPrincipal } from './keys.ts';
import type { Role } from './roles.ts';

/** The dashboard's session cookie: a server-side session token (dashboard/sessions.ts), never an API key. */
export const SESSION_COOKIE = 'pb_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call this route. */
    roles?: readonly Role[];
    /** No key needed (liveness, OpenAPI document, dashboard login). */
    public?: boolean;
    /** Dashboard page: a session cookie also authenticates; failures redirect to the login page. */
    dashboard?: boolean;
  }
  interface FastifyRequest {
    principal: ApiPrincipal | null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '');
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  return undefined;
}

function deny(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, message: string, dashboard: boolean) {
  if (dashboard && status === 401 && request.method === 'GET') {
    return reply.redirect(`/dashboard/login?next=${encodeURIComponent(request.url)}`);
  }
  const error = status === 401 ? 'Unauthorized' : 'Forbidden';
  if (dashboard && wantsHtml(request)) {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPageHtml(status, `${error}: ${message}`, request.principal));
  }
  return reply.code(status).send({ error, message, statusCode: status });
}

export function installAuth(app: ApiApp, db: Db): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    // Unknown URLs answer 404 (from the not-found handler) rather than 401/403.
    if (config.public || request.is404) return;
    const dashboard = config.dashboard === true;
    const key = presentedKey(request);
    const session = !key && dashboard ? readCookie(request.headers.cookie, SESSION_COOKIE) : undefined;
    if (!key && !session)
      return deny(request, reply, 401, 'an API key is required (Authorization: Bearer <key>)', dashboard);
    const principal = key ? await authenticateApiKey(db, key) : await sessionPrincipal(db, session!);
    if (!principal)
      return deny(
        request,
        reply,
        401,
        key ? 'the API key is invalid or revoked' : 'the session has ended; log in again',
        dashboard,
      );
    request.principal = principal;
    const roles = config.roles;
    if (!roles?.includes(principal.role)) {
      return deny(
        request,
        reply,
        403,
        `role "${principal.role}" may not ${request.method} ${request.routeOptions.url ?? request.url}`,
        dashboard,
      );
    }
  });
}

/** The authenticated principal; routes behind installAuth always have one. */
export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) throw new Error('route has no authenticated principal');
  return request.principal;
}
