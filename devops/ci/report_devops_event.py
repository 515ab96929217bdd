#!/usr/bin/env python3
"""Reports one DevOps event to the engine's DevOps metrics service: seed 003's report_devops_event.py, same name
and arguments, so a pipeline that calls the seed's script works unchanged.

    python report_devops_event.py <Repo name|ALL> <Event> [--metadata <Metadata>] [--time <Time>] [--event-id <id>]

Events: the seed's push, deploy, test_pass; extensions deploy_failed, rollback, incident_opened, incident_resolved.
Reads API_DEVOPS_EVENT_CATCHER (e.g. http://127.0.0.1:8000/process-event) and DEVOPS_EVENTS_SECRET_TOKEN.
Retries 5xx, 429 and timeouts with backoff under one Event-Id, so the service stores the event once.
Exit: 0 stored (or already stored: HTTP 200), 2 usage or environment mistake, 1 refused or unreachable.
Python 3 standard library only, on purpose: CI jobs copy this one file.
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid

EVENTS = ["push", "deploy", "test_pass", "deploy_failed", "rollback", "incident_opened", "incident_resolved"]
USAGE = (
    "usage: python report_devops_event.py <Repo name|ALL> <Event> "
    "[--metadata <Metadata>] [--time <Time>] [--event-id <id>]\n"
    "  Event: one of: " + ", ".join(EVENTS)
)


class Failure(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def parse(argv, env):
    if len(argv) < 2:
        raise Failure(USAGE, 2)
    repo, event, rest = argv[0], argv[1], argv[2:]
    options = {}
    for i in range(0, len(rest), 2):
        name = rest[i]
        if name not in ("--metadata", "--time", "--event-id"):
            raise Failure("unknown option %s\n%s" % (name, USAGE), 2)
        if i + 1 >= len(rest):
            raise Failure("%s needs a value" % name, 2)
        options[name[2:]] = rest[i + 1]
    if event not in EVENTS:
        raise Failure('unknown event "%s"; expected one of: %s' % (event, ", ".join(EVENTS)), 2)
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,200}", repo):
        raise Failure('repo "%s" is not a repository name ([A-Za-z0-9._/-]) or ALL' % repo, 2)
    url = env.get("API_DEVOPS_EVENT_CATCHER")
    token = env.get("DEVOPS_EVENTS_SECRET_TOKEN")
    if not url:
        raise Failure("API_DEVOPS_EVENT_CATCHER is not set (e.g. http://127.0.0.1:8000/process-event)", 2)
    if not token:
        raise Failure("DEVOPS_EVENTS_SECRET_TOKEN is not set", 2)
    body = {"Repo": repo, "Event": event}
    if "time" in options:
        body["Time"] = options["time"]
    if "metadata" in options:
        body["Metadata"] = options["metadata"]
    # One ID for every attempt of this report: a retry after a lost answer is not a second event.
    event_id = options.get("event-id") or "report-" + str(uuid.uuid4())
    return url, token, body, event_id


def report(url, token, body, event_id, attempts, log):
    last = ""
    delay = 1
    data = json.dumps(body).encode("utf-8")
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={"X-Secret-Token": token, "Content-Type": "application/json", "Event-Id": event_id},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                text = answer.read().decode("utf-8", "replace")
                if answer.status == 200:
                    return "%s for %s %s" % (body["Event"], body["Repo"], text)
                raise Failure("unexpected answer (%d): %s" % (answer.status, text[:200]), 1)
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace")
            if err.code < 500 and err.code != 429:
                raise Failure("the service refused the event (%d): %s" % (err.code, text), 1)
            last = "%d %s" % (err.code, text[:200])
        except (urllib.error.URLError, OSError) as err:
            last = str(getattr(err, "reason", err))
        if attempt < attempts:
            log("report-devops-event: attempt %d failed (%s); retrying in %ds" % (attempt, last, delay))
            time.sleep(delay)
            delay *= 2
    raise Failure("gave up after %d attempts; last: %s" % (attempts, last), 1)


def main():
    try:
        url, token, body, event_id = parse(sys.argv[1:], os.environ)
        try:
            attempts = int(os.environ.get("REPORT_DEVOPS_EVENT_ATTEMPTS", "4")) or 4
        except ValueError:
            attempts = 4
        done = report(url, token, body, event_id, attempts, lambda line: print(line, file=sys.stderr))
        print("report-devops-event: " + done)
        return 0
    except Failure as failure:
        print("report-devops-event: %s" % failure, file=sys.stderr)
        return failure.code


if __name__ == "__main__":
    sys.exit(main())
