// Reads the files embedded in a packet PDF (packet.json, packet.sig, originals), so a
// PDF that travelled alone can be verified. Handles what our builder (pdfkit) writes:
// classic cross-reference PDFs whose objects are not in object streams, embedded
// files stored plain or FlateDecode. Anything else is reported as unreadable rather
// than guessed at; `pdfdetach -saveall` (poppler) is the general-purpose alternative.
import { inflateSync } from 'node:zlib';

export class PdfAttachmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfAttachmentError';
  }
}

interface RawObject {
  dict: string;
  stream: Buffer | null;
}

const OBJ_RE = /(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(stream\r?\n|endobj)/g;

function objects(pdf: Buffer): Map<number, RawObject> {
  // latin1 keeps a 1:1 mapping between string indexes and byte offsets.
  const text = pdf.toString('latin1');
  const out = new Map<number, RawObject>();
  OBJ_RE.lastIndex = 0;
  for (let m = OBJ_RE.exec(text); m; m = OBJ_RE.exec(text)) {
    const num = Number(m[1]);
    const dict = m[2]!;
    if (!m[3]!.startsWith('stream')) {
      out.set(num, { dict, stream: null });
      continue;
    }
    const start = m.index + m[0].length;
    const len = /\/Length (\d+)(?! \d+ R)/.exec(dict);
    const end = len ? start + Number(len[1]) : text.indexOf('endstream', start);
    if (end < start || end > pdf.length) throw new PdfAttachmentError(`PDF object ${num}: stream length out of range`);
    out.set(num, { dict, stream: pdf.subarray(start, end) });
    OBJ_RE.lastIndex = end;
  }
  return out;
}

function pdfString(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    return map[e] ?? String.fromCharCode(Number.parseInt(e, 8));
  });
}

/** Every embedded file of the PDF, by its file name. Throws PdfAttachmentError when none can be read. */
export function readPdfAttachments(pdf: Buffer): Map<string, Buffer> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfAttachmentError('not a PDF file');
  const objs = objects(pdf);
  const files = new Map<string, Buffer>();
  for (const o of objs.values()) {
    if (!/\/Type\s*\/Filespec/.test(o.dict)) continue;
    const name = /\/UF\s*\(((?:\\.|[^\\)])*)\)/.exec(o.dict) ?? /\/F\s*\(((?:\\.|[^\\)])*)\)/.exec(o.dict);
    const ref = /\/EF\s*<<\s*\/F\s+(\d+)\s+0\s+R/.exec(o.dict);
    if (!name || !ref) continue;
    const ef = objs.get(Number(ref[1]));
    if (!ef?.stream) throw new PdfAttachmentError(`embedded file ${name[1]}: its stream is missing`);
    const filter = /\/Filter\s*\/(\w+)/.exec(ef.dict)?.[1];
    let bytes: Buffer;
    if (!filter) bytes = Buffer.from(ef.stream);
    else if (filter === 'FlateDecode') {
      try {
        bytes = inflateSync(ef.stream);
      } catch (e) {
        throw new PdfAttachmentError(`embedded file ${name[1]}: damaged (${(e as Error).message})`);
      }
    } else throw new PdfAttachmentError(`embedded file ${name[1]}: unsupported filter ${filter}`);
    files.set(pdfString(name[1]!), bytes);
  }
  if (files.size === 0) throw new PdfAttachmentError('the PDF has no embedded files (not a portalbots packet PDF)');
  return files;
}
