// Descriptions of CARC/RARC codes for the appeal packet, from the code tables in
// orchestrator/codes, as in effect on the denial date (a code retired since then
// still reads as it did). The table versions used are reported with the packet.
import { describeCarc, describeRarc, type CodeDescription } from '../../x12/codes/index.ts';

export interface CodeDescriber {
  carc(code: string): string;
  rarc(code: string): string;
  /** Which tables (and versions) the texts came from. */
  readonly source: string;
}

export function codeDescriber(onDate?: string): CodeDescriber {
  const versions = new Map<string, string>();
  const text = (d: CodeDescription): string => {
    versions.set(d.table, d.tableVersion);
    return d.description;
  };
  return {
    carc: (c) => text(describeCarc(c, onDate)),
    rarc: (c) => text(describeRarc(c, onDate)),
    get source() {
      const used = [...versions].map(([t, v]) => `${t} ${v}`).join(', ');
      return `orchestrator/codes${used ? ` (${used})` : ''}${onDate ? `, as in effect on ${onDate}` : ''}`;
    },
  };
}
