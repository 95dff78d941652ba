// Server-rendered HTML with escaping by default: every interpolated value is
// escaped unless it is itself an Html fragment built by this module.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (const [i, v] of values.entries()) out += render(v) + strings[i + 1]!;
  return new Html(out);
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:8px 20px;display:flex;gap:18px;align-items:center}
header a{color:#fff;text-decoration:none}header .who{margin-left:auto;opacity:.85}
main{padding:16px 20px;max-width:1200px}
table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0 20px}
th,td{border:1px solid #d8dde3;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}.num{text-align:right}.bad{color:#a4161a}.ok{color:#1b7a3a}
.thumbs{display:flex;flex-wrap:wrap;gap:12px}.thumb{background:#fff;border:1px solid #d8dde3;padding:6px;width:240px}
.thumb img{width:100%;height:auto;display:block}code{font-size:12px;word-break:break-all}
pre{background:#fff;border:1px solid #d8dde3;padding:8px;overflow:auto}
form.inline{display:flex;gap:8px;align-items:end;margin:8px 0}label{display:flex;flex-direction:column;font-size:12px}
`;

export interface Viewer {
  name: string;
  role: string;
}

export function page(title: string, viewer: Viewer | null, body: Html): string {
  const nav = viewer
    ? html`<a href="/dashboard">Home</a><a href="/dashboard/denials">Denials</a><a href="/dashboard/reports">Reports</a><a href="/dashboard/schedules">Schedules</a><a href="/dashboard/accounts">Accounts</a><a href="/dashboard/queues">Queues</a>
        <span class="who">${viewer.name} (${viewer.role})</span>
        <form method="post" action="/dashboard/logout" style="margin:0"><button type="submit">Log out</button></form>`
    : html``;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} · portalbots</title><style>${new Html(CSS)}</style></head>
<body><header><strong>portalbots</strong>${nav}</header><main><h1>${title}</h1>${body}</main></body></html>`.value;
}

export const money = (n: unknown) => (typeof n === 'number' ? n.toFixed(2) : '');
export const when = (d: Date | null | undefined) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)}Z` : '');
export const pct = (n: number | null) => (n === null ? '' : `${(n * 100).toFixed(1)}%`);
