#!/usr/bin/env node
// `npm run temporal -- <args>`: runs the provisioned Temporal CLI with the given arguments.
import { spawnSync } from 'node:child_process';
import { resolveTemporalCli } from './toolchain.cjs';

const cli = resolveTemporalCli();
if (!cli) {
  console.error('Temporal CLI not provisioned yet: run `npm run provision` (or `npm install`).');
  process.exit(1);
}
const result = spawnSync(cli, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
