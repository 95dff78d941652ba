// The HTTP API and dashboard on one fastify instance. Routes are schema-first
// (zod via fastify-type-provider-zod), which also yields /api/openapi.json.
// The caller owns the dependencies (db, queues, evidence store) and closes them;
// app.close() only stops the HTTP side.
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type RouteOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerDashboard } from '../dashboard/plugin.ts';
import { fleetMetrics } from '../../platform/metrics.ts';
import { installAuth } from './auth/plugin.ts';
import { finishOpenApi } from './openapi.ts';
import { ACCESS } from './auth/roles.ts';
import { installErrorHandler, STANDARD_ERRORS } from './errors.ts';
import type { ApiAreaPlugin, ApiApp, ApiDeps } from './plugins.ts';
import { claimsPlugin } from './routes/claims.ts';
import { credentialsPlugin } from './routes/credentials.ts';
import { evidencePlugin } from './routes/evidence.ts';
import { lookupsPlugin } from './routes/lookups.ts';
import { opsPlugin } from './routes/ops.ts';
import { runsPlugin } from './routes/runs.ts';
import { reportsPlugin } from './routes/reports.ts';
import { schedulesPlugin } from './routes/schedules.ts';
import { workqueuePlugin } from './routes/workqueue.ts';
import { webhooksPlugin } from './routes/webhooks.ts';
import { challengesPlugin } from './routes/challenges.ts';
import { appealsPlugin } from './routes/appeals.ts';

export const API_PREFIX = '/api/v1';
export const BUILT_IN_AREAS: readonly ApiAreaPlugin[] = [
  lookupsPlugin,
  runsPlugin,
  claimsPlugin,
  evidencePlugin,
  credentialsPlugin,
  opsPlugin,
  workqueuePlugin,
  schedulesPlugin,
  reportsPlugin,
  webhooksPlugin,
  challengesPlugin,
  appealsPlugin,
];

const ROUTES = new WeakMap<object, RouteOptions[]>();

export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly string[] | undefined;
  public: boolean;
}

/** Every route of a built server with its access declaration (HEAD twins omitted). */
export function routeTable(app: ApiApp): RouteAccess[] {
  return (ROUTES.get(app) ?? []).flatMap((r) =>
    [r.method]
      .flat()
      .filter((m) => m !== 'HEAD')
      .map((method) => ({ method, url: r.url, roles: r.config?.roles, public: r.config?.public === true })),
  );
}

export interface ApiServerOptions {
  /** Serve the dashboard under /dashboard (default true). */
  dashboard?: boolean;
  /** Largest accepted request body (default 1 MiB). */
  bodyLimit?: number;
}

export async function buildApiServer(deps: ApiDeps, options: ApiServerOptions = {}): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Our ids are UUIDs and claim numbers; a 100-character limit keeps odd inputs from reaching routes.
    routerOptions: { maxParamLength: 100 },
    // Behind a TLS-terminating proxy, request.protocol (the cookie's Secure flag)
    // and request.ip (login rate limits) come from X-Forwarded-* of trusted hops only.
    // (typed as string only because Fastify's overloads need one concrete type; true/false/hop counts pass through)
    trustProxy: (deps.config.apiTrustProxy ?? 'loopback') as string,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Security headers on every answer. The dashboard is server-rendered with no
  // inline script (bull-board loads its own bundles from this origin); inline
  // styles are allowed. No framing anywhere (clickjacking).
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // Only routes that ask for it (config.rateLimit): dashboard login.
  await app.register(fastifyRateLimit, { global: false });
  installAuth(app, deps.db);
  // Route objects are kept by reference: plugins that stamp roles onto their
  // routes (bull-board) do so after this hook runs.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route as RouteOptions);
  });
  ROUTES.set(app, routes);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'portalbots API',
        version: '1.0.0',
        description:
          'Payer-portal lookups, results, evidence and operations. Authenticate with `Authorization: Bearer <API key>`.',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      // Where the API is served: a deployment puts its own host (behind its TLS proxy) in the variables.
      servers: [
        {
          url: '{scheme}://{host}',
          description: 'The portalbots orchestrator (`portalbots orchestrator`), usually behind a TLS proxy',
          variables: {
            scheme: { default: 'https', enum: ['https', 'http'] },
            host: { default: `${deps.config.apiHost}:${deps.config.apiPort}` },
          },
        },
      ],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      finishOpenApi('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject),
    // Only the JSON API is documented; dashboard pages are HTML for people.
    hiddenTag: 'hidden',
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ ok: true }));
  // Prometheus scrapes with an ops key (Authorization: Bearer ...): the numbers name portals and volumes.
  const metrics = fleetMetrics({ db: deps.db, portals: Object.keys(deps.bots), queueFor: deps.queues.queueFor });
  app.get('/metrics', { config: { roles: ACCESS.ops }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const areas = [...BUILT_IN_AREAS, ...(deps.plugins ?? [])];
  const names = new Set<string>();
  for (const area of areas) {
    if (names.has(area.name)) throw new Error(`API area "${area.name}" is registered twice`);
    names.add(area.name);
    await app.register(
      async (scope) => {
        // Tag every route with its area for the OpenAPI document.
        // Tag every route with its area and document the errors every route can answer.
        scope.addHook('onRoute', (route) => {
          const schema = (route.schema ?? {}) as { tags?: string[]; response?: Record<string, unknown> };
          route.schema = {
            ...schema,
            tags: [...(schema.tags ?? []), area.name],
            response: { ...STANDARD_ERRORS, ...(schema.response ?? {}) },
          };
        });
        await area.register(scope as ApiApp, deps);
      },
      { prefix: API_PREFIX },
    );
  }

  if (options.dashboard !== false)
    await app.register(async (scope) => registerDashboard(scope as ApiApp, deps), { prefix: '/dashboard' });
  return app;
}

export type { ApiDeps, ApiAreaPlugin, ApiApp } from './plugins.ts';
