// A small multipart/form-data reader for the mock portals' upload forms
// (reconsideration attachments). Portals take uploads as browsers send them;
// the mocks need only what a browser form produces: text fields and files.
import type { FastifyInstance } from 'fastify';

export interface UploadedFile {
  field: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Accepts bodies up to `bodyLimit` bytes so a portal can answer an over-size file with its own page. */
export function installMultipart(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(String(req.headers['content-type'] ?? ''));
    if (!boundary) return done(new Error('multipart body without a boundary'), undefined);
    try {
      done(null, parseMultipart(body as Buffer, (boundary[1] ?? boundary[2]) as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const out: MultipartBody = { fields: {}, files: [] };
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (fileName === undefined) out.fields[name] = content.toString('utf8');
      else if (fileName !== '')
        out.files.push({
          field: name,
          fileName,
          contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
          bytes: Buffer.from(content),
        });
    }
    at = next;
  }
  return out;
}
