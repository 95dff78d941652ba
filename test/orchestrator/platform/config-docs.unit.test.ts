// The README's configuration table is generated from the config schema: every
// environment variable the code reads is documented, and nothing else is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../../orchestrator/platform/config.ts';
import { projectPath } from '../../../orchestrator/platform/project-root.ts';
import { withTable } from '../../../scripts/docs-config.ts';

describe('configuration docs', () => {
  it('README.md carries the table generated from the schema (run `npm run docs:config` after changing it)', () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    // Biome's markdown formatter pads table cells; padding is not content.
    const unpadded = (text: string) => text.replace(/ *\| */g, '|').replace(/\|-+(?=\|)/g, '|-');
    expect(unpadded(readme)).toBe(unpadded(withTable(readme)));
  });

  it('every row has a description and a shown default', () => {
    for (const [name, spec] of Object.entries(ENV_VARS)) {
      expect(spec.doc.length, name).toBeGreaterThan(5);
      expect(spec.default, name).not.toBe('');
    }
  });
});
