import { createRequire } from 'node:module';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.History;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: unknown): unknown;
}

// The SDK's historyFromJSON loads protojson from a second protobufjs copy than @temporalio/proto's
// (npm nests one under each package), and fails with "type must be a Type". This loads it from the
// very copy the generated types use.
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);
const History = proto.temporal.api.history.v1.History;

/** Older Web UI downloads spell event types in PascalCase (`WorkflowExecutionStarted`). */
const constantCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * A history from a JSON file: the proto3 JSON the Web UI and `temporal workflow show --output json`
 * download (encoded payloads included), or the object form of our golden histories.
 */
export function historyFromFile(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('not a workflow history: expected a JSON object with an "events" array');
  }
  const events = (json as { events: Array<Record<string, unknown>> }).events;
  if (events.length === 0) throw new TypeError('the history has no events');
  // Goldens store timestamps as {seconds, nanos}; proto3 JSON as RFC 3339 strings.
  if (typeof events[0].eventTime === 'object' && events[0].eventTime !== null) return History.fromObject(json);
  const fixed = {
    ...json,
    events: events.map((e) =>
      typeof e.eventType === 'string' && !e.eventType.startsWith('EVENT_TYPE_')
        ? { ...e, eventType: `EVENT_TYPE_${constantCase(e.eventType)}` }
        : e,
    ),
  };
  return protojson.fromJson(historyType, fixed, { ignoreUnknownFields: true }) as History;
}

/** A history as proto3 JSON, the format the Web UI downloads. */
export function historyToProtoJson(history: proto.temporal.api.history.v1.IHistory): unknown {
  return protojson.toJson(historyType, History.fromObject(history));
}
