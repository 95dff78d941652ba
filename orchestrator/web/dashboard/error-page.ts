// Errors on dashboard pages as HTML for people: a browser asking for a
// dashboard URL (Accept: text/html) gets a page that says what went wrong,
// with the navigation its role may use, instead of the API's JSON body. API
// clients, and anything not asking for HTML, keep the JSON error shape.
import type { FastifyRequest } from 'fastify';
import { html, page, type Viewer } from './html.ts';

const TITLES: Record<number, string> = {
  400: 'Not done',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not done',
  500: 'Something went wrong',
  503: 'Not available',
};

/** A browser's request for a dashboard page (not the JSON API, not bull-board's own XHR calls). */
export function wantsHtml(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/dashboard') &&
    !request.url.startsWith('/dashboard/queues/api/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

export function errorPageHtml(status: number, message: string, viewer: Viewer | null): string {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500]! : 'Not done');
  return page(
    title,
    viewer,
    html`<p class="bad" id="error" data-status="${status}">${message}</p>
      <p><a href="/dashboard">Dashboard home</a></p>`,
  );
}
