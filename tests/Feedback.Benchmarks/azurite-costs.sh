#!/usr/bin/env bash
# What one table request costs the repository's Azurite as a partition and its table grow: starts Azurite in memory on
# free loopback ports (as the tests do), fills one partition step by step, and at each size prints the median time of a point
# read and a merge in that partition, and of a point read and a filtered query in a 10-row partition of the same table.
#   tests/Feedback.Benchmarks/azurite-costs.sh [SIZES]   (default 1000,5000,10000,20000,40000)
# One request at a time, so the figures are Azurite's own cost per request, not its throughput. Report the machine's load.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${1:-1000,5000,10000,20000,40000}"
[[ "$sizes" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "usage: $0 [SIZES, e.g. 1000,5000,20000]" >&2; exit 2; }
[ -x "$ROOT/node_modules/.bin/azurite" ] || { echo "azurite-costs: run 'npm ci' in $ROOT first" >&2; exit 1; }

log="$(mktemp)"
"$ROOT/node_modules/.bin/azurite" --inMemoryPersistence --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 \
  --tableHost 127.0.0.1 --tablePort 0 --skipApiVersionCheck --loose --disableTelemetry >"$log" 2>&1 &
azurite=$!
trap 'kill -INT $azurite 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  address="$(grep -o 'Table service is successfully listening at http://[0-9.:]*' "$log" | sed 's/.*listening at //')" || true
  [ -n "$address" ] && break
  sleep 0.1
done
[ -n "${address:-}" ] || { echo "azurite-costs: Azurite did not start:" >&2; cat "$log" >&2; exit 1; }

key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
dotnet run -c Release --project "$ROOT/tests/Feedback.Benchmarks" -- azurite-costs \
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=$address/devstoreaccount1;" "$sizes"
