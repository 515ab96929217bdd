import type { Client } from '@temporalio/client';
import { createDataConverter } from '../codec/data-converter';
import type { AppConfig } from '../config';
import * as workflows from '../workflows';
import { formatGate, gateRuns, serverRuns, type GateCode, type GateLine } from './gate';
import { bundleWorkingTree, type GateSource } from './run';

export interface ServerGate {
  lines: GateLine[];
  text: string;
  ok: boolean;
  diverged: boolean;
}

/**
 * The replay gate against the live server: every registered type's running and recent runs replayed on this
 * working tree's workflow bundle. Runs pinned to another build are skipped when this build is versioned (they
 * stay on theirs); with WORKER_VERSIONING=false every run would move to this code, so every one is replayed.
 */
export async function runServerGate(client: Client, config: AppConfig, gate: GateSource['gate']): Promise<ServerGate> {
  const types = gate.type ? [gate.type] : Object.keys(workflows).sort();
  const buildId = config.temporal.deployment?.buildId;
  const lines = await gateRuns(
    serverRuns(client, { types, sinceMs: gate.sinceMs, perType: gate.perType, query: gate.query }),
    await workingTreeCode(config, gate.workflows),
    buildId,
  );
  // A type with no run in the window still gets its line: the gate says what it did not see.
  for (const type of types)
    if (!lines.some((l) => l.type === type))
      lines.push({ type, replayed: 0, running: 0, closed: 0, staysPinned: new Map(), errors: [] });
  lines.sort((a, b) => a.type.localeCompare(b.type));
  const { text, ok } = formatGate(lines);
  const header =
    `replay gate: ${gate.workflows ?? 'this working tree'}${buildId ? ` (build ${buildId})` : ' (unversioned)'} against ` +
    `${config.temporal.address}, runs since ${new Date(Date.now() - gate.sinceMs).toISOString()}, ` +
    `at most ${gate.perType} per type`;
  return { lines, text: `${header}\n${text}`, ok, diverged: lines.some((l) => l.diverged) };
}

/** This working tree's workflow code (or another module's), as the workers bundle it, reading the engine's payloads. */
export async function workingTreeCode(config: AppConfig, workflows?: string): Promise<GateCode> {
  return { ...(await bundleWorkingTree(workflows)), dataConverter: createDataConverter(config.codec) };
}
