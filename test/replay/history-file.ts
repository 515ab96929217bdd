import { readFileSync, writeFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';

const History = temporal.api.history.v1.History;

/**
 * Golden histories as JSON via protobufjs's own object form. (The SDK's historyToJSON fails here:
 * proto3-json-serializer resolves protobufjs 7 while @temporalio/proto uses 8.)
 */
export function writeHistory(file: string, history: temporal.api.history.v1.IHistory): void {
  const object = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
  writeFileSync(file, `${JSON.stringify(object, null, 1)}\n`);
}

export function readHistory(file: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
}
