#!/usr/bin/env bash
# Seed 004's federation on one machine: two orchestrators (Temporal namespaces "platform" and "e2e"
# on one embedded dev server, a worker and a triggers consumer each) and one RabbitMQ broker.
#   1. a release of acme-platform runs in "platform" and publishes its events;
#   2. its ConfidenceLevelModified SUCCESS fires the e2e orchestrator's trigger: acme-e2e starts in "e2e";
#   3. acme-e2e's own ConfidenceLevelModified comes back, and the platform orchestrator records it.
# Uses $RELEASE_EVENTS_RABBITMQ when set, else starts a throwaway broker (.ci/rabbitmq-broker).
# Everything it writes goes to a new temp folder, printed at the start; processes stop at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/release-federation.XXXXXX)
cp "$here"/*.json "$here"/*.yaml "$work"/
cd "$work"
echo "federation: working in $work"

pids=()
broker_dir=""
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$broker_dir" ]; then "$root/.ci/rabbitmq-broker" stop "$broker_dir"; fi
  exit "$rc"
}
trap cleanup EXIT

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "federation: no free port" >&2; exit 1
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  for _ in $(seq $((limit * 5))); do "$@" && return 0; sleep 0.2; done
  echo "federation: $what did not happen within ${limit}s; see the logs in $work" >&2; exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "federation: building"
dotnet build "$root/Release.sln" -c Release -v q -nologo >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
bin() { echo "$root/src/$1/bin/Release/net10.0/$2"; }

if [ -z "${RELEASE_EVENTS_RABBITMQ:-}" ]; then
  eval "$("$root/.ci/rabbitmq-broker" start)"
  broker_dir=$RABBITMQ_BROKER_DIR
  RELEASE_EVENTS_RABBITMQ=$RELEASE_TEST_RABBITMQ
fi
export RELEASE_EVENTS_RABBITMQ RELEASE_EVENTS_EXCHANGE="release.events.federation-$$"

temporal=$(free_port); ui=$(free_port); circleci=$(free_port)
dotnet "$(bin DevServer Release.DevServer.dll)" --port "$temporal" --ui-port "$ui" --namespace platform --namespace e2e >dev-server.log 2>&1 & pids+=($!)
dotnet "$(bin CircleCiSimulator Release.CircleCiSimulator.dll)" --scenario scenario.json --port "$circleci" --time-scale 0.5 >circleci.log 2>&1 & pids+=($!)
wait_for 60 "the dev server listening on $temporal" port_open "$temporal"
wait_for 60 "the CircleCI simulator listening on $circleci" port_open "$circleci"
export TEMPORAL_ADDRESS="127.0.0.1:$temporal" TEMPORAL_UI_URL="http://127.0.0.1:$ui"

for ns in platform e2e; do
  TEMPORAL_NAMESPACE=$ns RELEASE_EVENTS_SOURCE="https://$ns.example.com/orchestrator" \
  CIRCLECI_BASE_URL="http://127.0.0.1:$circleci/api/v2/" CIRCLECI_TOKEN=federation-token \
  RELEASE_REPORTS_DIR="$work/reports-$ns" RELEASE_ANALYTICS_STORE="$work/analytics-$ns.db" \
    dotnet "$(bin Worker Release.Worker.dll)" >"worker-$ns.log" 2>&1 & pids+=($!)
  dotnet "$(bin Starter release.dll)" triggers run --file "triggers-$ns.yaml" --namespace "$ns" --queue "release.triggers.$ns" >"triggers-$ns.log" 2>&1 & pids+=($!)
done
for ns in platform e2e; do
  wait_for 60 "the $ns worker polling" grep -q "Polling task queue" "worker-$ns.log"
  wait_for 60 "the $ns triggers consumer consuming" grep -q "consuming" "triggers-$ns.log"
done

echo "federation: releasing acme-platform in namespace platform (web UI $TEMPORAL_UI_URL)"
dotnet "$(bin Starter release.dll)" start platform.json --branch main --namespace platform --wait | tail -3
echo "federation: waiting for the e2e release, started by its trigger, and its confidence level"
wait_for 120 "the e2e confidence level recorded" test -s confidence-levels.ndjson
echo
echo "triggers (e2e):      $(grep 'started' triggers-e2e.log)"
echo "triggers (platform): $(grep 'recorded' triggers-platform.log)"
echo "recorded by platform (confidence-levels.ndjson):"
cat confidence-levels.ndjson
echo
dotnet "$(bin Starter release.dll)" list --namespace e2e
