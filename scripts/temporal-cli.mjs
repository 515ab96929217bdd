#!/usr/bin/env node
// `npm run temporal -- <args>`: runs the provisioned Temporal CLI with the given arguments, against the
// Temporal the engine is configured for: `.env` is read like the engine reads it, and the CLI takes
// TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE from the environment.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveTemporalCli } from './toolchain.cjs';

const cli = resolveTemporalCli();
if (!cli) {
  console.error('Temporal CLI not provisioned yet: run `npm run provision` (or `npm install`).');
  process.exit(1);
}
// The real environment wins over .env; `NAME=` there means unset, as for the engine.
if (existsSync('.env')) process.loadEnvFile('.env');
const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
const result = spawnSync(cli, process.argv.slice(2), { stdio: 'inherit', env });
process.exit(result.status ?? 1);
