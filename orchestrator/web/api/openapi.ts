// Finishing touches on the generated OpenAPI document, so it lints clean with
// a standard linter (Redocly's recommended rules, test/orchestrator/web/openapi-lint.test.ts):
// every operation gets a stable operationId derived from its method and path,
// and a route that answers with a file rather than JSON (no 2xx schema) still
// documents its success response.

type Operation = { operationId?: string; summary?: string; responses?: Record<string, unknown> };
type OpenApiDocument = { paths?: Record<string, Record<string, Operation>> };

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** `get /api/v1/runs/{id}/export` -> `getRunsByIdExport`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(.+)\}$/.exec(seg);
      const word = (param ? `by-${param[1]}` : seg)
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');
      return word;
    });
  return method.toLowerCase() + words.join('');
}

export function finishOpenApi<T>(doc: T): T {
  const paths = (doc as OpenApiDocument).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      op.operationId ??= operationIdOf(method, path);
      const responses = (op.responses ??= {});
      if (!Object.keys(responses).some((code) => /^2\d\d$/.test(code)))
        responses['200'] = { description: op.summary ?? 'Success' };
    }
  }
  return doc;
}
