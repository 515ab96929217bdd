#!/usr/bin/env bash
# Reports one DevOps event to the engine's DevOps metrics service: seed 003's report_devops_event.sh, same name and
# arguments, so a pipeline that calls the seed's script works unchanged.
#   ./report_devops_event.sh <Repo name|ALL> <Event> [--metadata <Metadata>] [--time <Time>] [--event-id <id>]
# Events: the seed's push, deploy, test_pass; extensions deploy_failed, rollback, incident_opened, incident_resolved.
# Reads API_DEVOPS_EVENT_CATCHER (e.g. http://127.0.0.1:8000/process-event) and DEVOPS_EVENTS_SECRET_TOKEN.
# Retries 5xx, 429 and timeouts with backoff under one Event-Id, so the service stores the event once.
# Exit: 0 stored (or already stored: HTTP 200), 2 usage or environment mistake, 1 refused or unreachable.
set -uo pipefail

EVENTS="push deploy test_pass deploy_failed rollback incident_opened incident_resolved"
USAGE="usage: $0 <Repo name|ALL> <Event> [--metadata <Metadata>] [--time <Time>] [--event-id <id>]
  Event: one of: ${EVENTS// /, }"

die() { echo "report-devops-event: $1" >&2; exit "${2:-1}"; }

[ $# -ge 2 ] || die "$USAGE" 2
repo=$1 event=$2
shift 2
metadata="" time="" event_id=""
while [ $# -gt 0 ]; do
  case "$1" in
    --metadata) [ $# -ge 2 ] || die "--metadata needs a value" 2; metadata=$2; shift 2 ;;
    --time) [ $# -ge 2 ] || die "--time needs a value" 2; time=$2; shift 2 ;;
    --event-id) [ $# -ge 2 ] || die "--event-id needs a value" 2; event_id=$2; shift 2 ;;
    *) die "unknown option $1
$USAGE" 2 ;;
  esac
done
case " $EVENTS " in *" $event "*) ;; *) die "unknown event \"$event\"; expected one of: ${EVENTS// /, }" 2 ;; esac
[[ $repo =~ ^[A-Za-z0-9._/-]{1,200}$ ]] || die "repo \"$repo\" is not a repository name ([A-Za-z0-9._/-]) or ALL" 2
url=${API_DEVOPS_EVENT_CATCHER:-}
token=${DEVOPS_EVENTS_SECRET_TOKEN:-}
[ -n "$url" ] || die "API_DEVOPS_EVENT_CATCHER is not set (e.g. http://127.0.0.1:8000/process-event)" 2
[ -n "$token" ] || die "DEVOPS_EVENTS_SECRET_TOKEN is not set" 2
command -v curl >/dev/null || die "curl is required" 2
# One ID for every attempt of this report: a retry after a lost answer is not a second event.
[ -n "$event_id" ] || event_id="report-$(date -u +%Y%m%dT%H%M%S)-$$-$RANDOM$RANDOM"

json_string() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
body="{\"Repo\":$(json_string "$repo"),\"Event\":$(json_string "$event")"
[ -z "$time" ] || body+=",\"Time\":$(json_string "$time")"
[ -z "$metadata" ] || body+=",\"Metadata\":$(json_string "$metadata")"
body+="}"

attempts=${REPORT_DEVOPS_EVENT_ATTEMPTS:-4}
delay=1
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
for attempt in $(seq 1 "$attempts"); do
  # The token goes to curl on stdin, not the command line, so `ps` never shows it.
  status=$(printf 'header = "X-Secret-Token: %s"\n' "$token" | curl --config - -sS --max-time 10 \
    -o "$answer" -w '%{http_code}' -X POST -H 'content-type: application/json' -H "Event-Id: $event_id" \
    --data-binary "$body" "$url" 2>&1)
  case "$status" in
    200) echo "report-devops-event: $event for $repo $(cat "$answer")"; exit 0 ;;
    2[0-9][0-9]) die "unexpected answer ($status): $(cat "$answer")" 1 ;;
    4[0-9][0-9]) [ "$status" != 429 ] && die "the service refused the event ($status): $(cat "$answer")" 1 ;;
  esac
  [ "$attempt" -lt "$attempts" ] || break
  echo "report-devops-event: attempt $attempt failed (${status:0:200}); retrying in ${delay}s" >&2
  sleep "$delay"
  delay=$((delay * 2))
done
die "gave up after $attempts attempts; last: ${status:0:200} $(cat "$answer" 2>/dev/null)" 1
