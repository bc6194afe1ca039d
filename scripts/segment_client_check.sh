#!/usr/bin/env bash
# Segment's own Python library (segment-analytics-python, from PyPI), unchanged,
# pointed at a Cairn server: identify, track, page, group and a few hundred
# tracks (sent as batches, plain and gzip), then checks through Cairn's API that
# everything arrived. Usage: scripts/segment_client_check.sh [path/to/cairn-server]
set -euo pipefail

BIN=${1:-${CAIRN_SERVER_BIN:-target/server/cairn-server}}
[[ -x "$BIN" ]] || { echo "segment-client: no server binary at $BIN (make server)" >&2; exit 1; }
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

VENV=${CAIRN_SEGMENT_VENV:-$WORK/venv}
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "segment-analytics-python==${CAIRN_SEGMENT_VERSION:-2.4.0}"
"$VENV/bin/python" -c 'import segment.analytics, importlib.metadata as m; print("segment-client: segment-analytics-python", m.version("segment-analytics-python"))'

"$BIN" --addr 127.0.0.1:0 --db "$WORK/cairn.db" --dist "$WORK/dist" >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(sed -n 's/^cairn: listening on //p' "$WORK/stdout" | head -n1)
  [[ -n "$URL" ]] && break
  sleep 0.1
done
[[ -n "$URL" ]] || { echo "segment-client: the server did not start" >&2; cat "$WORK/stderr" >&2; exit 1; }

KEY=$(curl -sf -X POST "$URL/api/write-keys" -H 'Content-Type: application/json' -d '{"name":"python"}' \
  | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["key"])')

"$VENV/bin/python" - "$URL" "$KEY" <<'PY'
import json, sys, urllib.request
import segment.analytics as analytics
from segment.analytics import Client

url, key = sys.argv[1], sys.argv[2]
errors = []
def on_error(e, batch):
    errors.append(repr(e))

analytics.write_key = key
analytics.host = url
analytics.on_error = on_error
analytics.identify("py-user", {"plan": "pro", "Customer Lifetime Value": 120})
analytics.identify("py-user", {"email": "py@example.com"})
analytics.track("py-user", "Order Completed", {"revenue": 42.5})
analytics.page("py-user", "Docs", "Install", {"url": "https://example.com/docs"},
               context={"campaign": {"source": "email"}})
analytics.group("py-user", "acme", {"name": "Acme"})
for i in range(250):
    analytics.track("py-batch-%d" % (i % 10), "Product Added", {"i": i})
analytics.flush()

zipped = Client(key, host=url, gzip=True, on_error=on_error)
for i in range(50):
    zipped.track("py-gzip", "Product Added", {"i": i})
zipped.flush()
zipped.shutdown()
analytics.shutdown()
if errors:
    sys.exit("segment-client: the library reported errors: %s" % errors)

def get(path):
    return json.load(urllib.request.urlopen(url + "/api" + path))

def post(path, body):
    req = urllib.request.Request(url + "/api" + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))

p = get("/profiles/py-user")
assert p["traits"] == {"plan": "pro", "Customer Lifetime Value": 120, "email": "py@example.com"}, p["traits"]
assert p["message_count"] == 5, p
page = [m for m in p["recent"] if m["type"] == "page"][0]
assert page["event"] == "Page Viewed" and page["properties"]["utm_source"] == "email", page
assert get("/profiles/py-gzip")["message_count"] == 50
est = post("/estimate", {"condition": {"type": "event", "event": "Product Added",
                                        "count": {"op": "at_least", "value": 1},
                                        "within": {"amount": 1, "unit": "days"}}})
assert est["count"] == 11, est
print("segment-client: identify, track, page, group and 300 batched tracks (plain and gzip) arrived")
PY
