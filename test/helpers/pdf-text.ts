// The text a PDF draws, for assertions on what a person reading our packets
// sees: inflates the page content streams pdfkit writes and reads the strings
// of their Tj/TJ operators (hex or literal), one string per text operator.
// Enough for pdfkit's standard-font output; not a general PDF text extractor.
import { inflateSync } from 'node:zlib';

const STREAM = /<<([\s\S]*?)>>\s*stream\r?\n/g;

function decodeLiteral(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    return map[e] ?? String.fromCharCode(Number.parseInt(e, 8));
  });
}

function operatorText(op: string): string {
  let out = '';
  for (const m of op.matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
    out += m[1] !== undefined ? Buffer.from(m[1], 'hex').toString('latin1') : decodeLiteral(m[2]!);
  }
  return out;
}

/** Every drawn string of the PDF, in content order, joined by newlines. */
export function pdfText(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const lines: string[] = [];
  STREAM.lastIndex = 0;
  for (let m = STREAM.exec(text); m; m = STREAM.exec(text)) {
    const dict = m[1]!;
    // Embedded files and images are not page content.
    if (/\/Type\s*\/EmbeddedFile|\/Subtype\s*\/Image/.test(dict)) continue;
    const len = /\/Length (\d+)(?! \d+ R)/.exec(dict);
    const start = m.index + m[0].length;
    const end = len ? start + Number(len[1]) : text.indexOf('endstream', start);
    let body = pdf.subarray(start, end);
    if (/\/Filter\s*\/FlateDecode/.test(dict)) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    const content = body.toString('latin1');
    for (const op of content.matchAll(/(\[(?:[^\]\\]|\\.)*\]\s*TJ|(?:<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))\s*Tj)/g))
      lines.push(operatorText(op[1]!));
  }
  return lines.join('\n');
}
