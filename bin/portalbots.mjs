#!/usr/bin/env node
// The portalbots CLI. The sources are TypeScript run through tsx's loader, so
// a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../orchestrator/cli/main.ts');
await main(process.argv);
