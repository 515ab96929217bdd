#!/usr/bin/env node
// Reports one DevOps event to the engine's DevOps metrics service: seed 003's report_devops_event.js, same name and
// arguments, so a pipeline that calls the seed's script works unchanged.
//   node report_devops_event.js <Repo name|ALL> <Event> [--metadata <Metadata>] [--time <Time>] [--event-id <id>]
// Events: the seed's push, deploy, test_pass; extensions deploy_failed, rollback, incident_opened, incident_resolved.
// Reads API_DEVOPS_EVENT_CATCHER (e.g. http://127.0.0.1:8000/process-event) and DEVOPS_EVENTS_SECRET_TOKEN.
// Retries 5xx, 429 and timeouts with backoff under one Event-Id, so the service stores the event once.
// Exit: 0 stored (or already stored: HTTP 200), 2 usage or environment mistake, 1 refused or unreachable.
// Standalone on purpose (Node 18+, no dependencies): CI jobs copy this one file.
'use strict';
const { randomUUID } = require('node:crypto');

const EVENTS = ['push', 'deploy', 'test_pass', 'deploy_failed', 'rollback', 'incident_opened', 'incident_resolved'];
const USAGE = `usage: node report_devops_event.js <Repo name|ALL> <Event> [--metadata <Metadata>] [--time <Time>] [--event-id <id>]
  Event: one of: ${EVENTS.join(', ')}`;

class Failure extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

function parse(argv, env) {
  if (argv.length < 2) throw new Failure(USAGE, 2);
  const [repo, event, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i];
    if (!['--metadata', '--time', '--event-id'].includes(name))
      throw new Failure(`unknown option ${name}\n${USAGE}`, 2);
    if (rest[i + 1] === undefined) throw new Failure(`${name} needs a value`, 2);
    options[name.slice(2)] = rest[i + 1];
  }
  if (!EVENTS.includes(event)) throw new Failure(`unknown event "${event}"; expected one of: ${EVENTS.join(', ')}`, 2);
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(repo))
    throw new Failure(`repo "${repo}" is not a repository name ([A-Za-z0-9._/-]) or ALL`, 2);
  const url = env.API_DEVOPS_EVENT_CATCHER;
  const token = env.DEVOPS_EVENTS_SECRET_TOKEN;
  if (!url) throw new Failure('API_DEVOPS_EVENT_CATCHER is not set (e.g. http://127.0.0.1:8000/process-event)', 2);
  if (!token) throw new Failure('DEVOPS_EVENTS_SECRET_TOKEN is not set', 2);
  const body = { Repo: repo, Event: event };
  if (options.time !== undefined) body.Time = options.time;
  if (options.metadata !== undefined) body.Metadata = options.metadata;
  // One ID for every attempt of this report: a retry after a lost answer is not a second event.
  return { url, token, body, eventId: options['event-id'] ?? `report-${randomUUID()}` };
}

async function report({ url, token, body, eventId }, attempts, log) {
  let last = '';
  for (let attempt = 1, delay = 1000; attempt <= attempts; attempt++, delay *= 2) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'x-secret-token': token, 'content-type': 'application/json', 'event-id': eventId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.status === 200) return `${body.Event} for ${body.Repo} ${text}`;
      if (res.status < 500 && res.status !== 429)
        throw new Failure(`the service refused the event (${res.status}): ${text}`, 1);
      last = `${res.status} ${text.slice(0, 200)}`;
    } catch (err) {
      if (err instanceof Failure) throw err;
      last = err.cause?.code ?? err.name ?? String(err);
    }
    if (attempt < attempts) {
      log(`report-devops-event: attempt ${attempt} failed (${last}); retrying in ${delay / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw new Failure(`gave up after ${attempts} attempts; last: ${last}`, 1);
}

async function main() {
  try {
    const request = parse(process.argv.slice(2), process.env);
    const attempts = Number(process.env.REPORT_DEVOPS_EVENT_ATTEMPTS ?? 4) || 4;
    console.log(`report-devops-event: ${await report(request, attempts, (line) => console.error(line))}`);
  } catch (err) {
    console.error(`report-devops-event: ${err.message}`);
    process.exitCode = err instanceof Failure ? err.code : 1;
  }
}

if (require.main === module) void main();
module.exports = { parse, report, EVENTS };
