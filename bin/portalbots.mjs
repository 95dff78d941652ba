#!/usr/bin/env node
// The portalbots CLI. Runs the compiled JavaScript in dist/ (built by `npm ci`
// through the prepare script, and rebuilt here whenever a source file is newer
// than the build), or the TypeScript sources through tsx when
// PORTALBOTS_FROM_SOURCE=1 or no build is possible.
import { runCompiled } from '../scripts/launcher.mjs';

await runCompiled(process.argv);
