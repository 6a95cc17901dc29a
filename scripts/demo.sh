#!/usr/bin/env bash
# The main job, end to end on a fresh machine: builds the jar, starts a throwaway local
# Elasticsearch 8.19 (the Maven-fetched distribution the tests use, as the user nobody), provokes a
# runaway search, governs it with examples/demo-runaway-searches.yaml and prints each decision.
# Everything it starts is stopped on every way out.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*" >&2; }

log "building target/task-governor.jar (and fetching Elasticsearch through Maven)"
mvn -B -q package -DskipTests
ES_HOME=$(ls -d "$PWD"/target/elasticsearch-dist/elasticsearch-*/ | head -n 1)
JAVA_BIN=$(command -v java)
JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$JAVA_BIN")")")

RUN_AS=()
NODE_BASE="$PWD/target"
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root.
  RUN_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  if ! "${RUN_AS[@]}" test -r "$ES_HOME/bin/elasticsearch"; then
    # The checkout is where nobody cannot reach (e.g. under /root): run from a copy in /tmp.
    NODE_BASE=/tmp/task-governor-es
    if [ ! -x "$NODE_BASE/$(basename "$ES_HOME")/bin/elasticsearch" ]; then
      mkdir -p "$NODE_BASE" && cp -a "$ES_HOME" "$NODE_BASE/" && chmod -R a+rX "$NODE_BASE"
    fi
    ES_HOME="$NODE_BASE/$(basename "$ES_HOME")"
  fi
fi
NODE_DIR=$(mktemp -d "$NODE_BASE/demo-node.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 19299)
TPORT=$((PORT + 1))
ES_PID=""
SEARCH_PID=""
cleanup() {
  [ -n "$SEARCH_PID" ] && kill "$SEARCH_PID" 2>/dev/null || true
  if [ -n "$ES_PID" ]; then
    pkill -TERM -P "$ES_PID" 2>/dev/null || true
    kill "$ES_PID" 2>/dev/null || true
    wait "$ES_PID" 2>/dev/null || true
  fi
  pkill -f "es.path.conf=$NODE_DIR" 2>/dev/null || true
  rm -rf "$NODE_DIR"
}
trap cleanup EXIT INT TERM

log "starting Elasticsearch on 127.0.0.1:$PORT"
mkdir -p "$NODE_DIR"/{data,logs,tmp}
cp -r "$ES_HOME/config" "$NODE_DIR/config"
cat > "$NODE_DIR/config/elasticsearch.yml" <<YML
cluster.name: task-governor-demo
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TPORT
path.data: $NODE_DIR/data
path.logs: $NODE_DIR/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
printf -- '-Xms512m\n-Xmx512m\n' > "$NODE_DIR/config/jvm.options.d/heap.options"
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$NODE_DIR"
fi
ES_PATH_CONF="$NODE_DIR/config" ES_TMPDIR="$NODE_DIR/tmp" ES_JAVA_HOME="$JAVA_HOME_DIR" \
  "${RUN_AS[@]}" "$ES_HOME/bin/elasticsearch" > "$NODE_DIR/logs/console.log" 2>&1 &
ES_PID=$!
ES="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$ES/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
  kill -0 "$ES_PID" 2>/dev/null || { tail -20 "$NODE_DIR/logs/console.log"; exit 1; }
  sleep 1
done

log "indexing 400k keyword documents"
curl -fs -XPUT "$ES/runaway" -H 'Content-Type: application/json' -d \
  '{"settings":{"number_of_shards":1,"number_of_replicas":0,"refresh_interval":"-1"},"mappings":{"properties":{"k":{"type":"keyword"}}}}' >/dev/null
for start in $(seq 0 20000 380000); do
  awk -v s="$start" 'BEGIN { for (i = s; i < s + 20000; i++) printf "{\"index\":{}}\n{\"k\":\"key-%d\"}\n", i }' |
    curl -fs -XPOST "$ES/runaway/_bulk" -H 'Content-Type: application/x-ndjson' --data-binary @- >/dev/null
done
curl -fs -XPOST "$ES/runaway/_refresh" >/dev/null

log "a dashboard starts a runaway search (X-Opaque-Id: demo-dashboard)"
curl -s -XPOST "$ES/runaway/_search?request_cache=false" -H 'Content-Type: application/json' \
  -H 'X-Opaque-Id: demo-dashboard' -o "$NODE_DIR/search-answer.json" \
  -d '{"size":0,"aggs":{"t":{"terms":{"field":"k","size":40000},"aggs":{"u":{"terms":{"field":"k","size":10}}}}}}' &
SEARCH_PID=$!
sleep 4

log "what the governor sees: java -jar target/task-governor.jar tasks --es $ES -f examples/demo-runaway-searches.yaml"
java -jar target/task-governor.jar tasks --es "$ES" -f examples/demo-runaway-searches.yaml | grep -E 'ACTION|search' || true

log "governing: java -jar target/task-governor.jar run -f examples/demo-runaway-searches.yaml --es $ES --once"
java -jar target/task-governor.jar run -f examples/demo-runaway-searches.yaml --es "$ES" --once

wait "$SEARCH_PID" || true
SEARCH_PID=""
log "what the dashboard got back"
head -c 300 "$NODE_DIR/search-answer.json"; echo
log "done; stopping Elasticsearch"
