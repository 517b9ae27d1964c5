#!/usr/bin/env bash
# Runs every test suite of the solution and ends with one line: "tests: N passed, M failed".
# Called by ./feedback test, which first installs the pinned Azurite the integration tests start.
# Exits non-zero on a build error, a formatting difference, a failed test, or a run with no tests.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0

echo "== build (warnings are errors)"
if ! dotnet build Feedback.sln -c Release --nologo -v quiet; then
  echo "tests: 0 passed, 0 failed"
  echo "build failed" >&2
  exit 1
fi

echo "== format"
if ! dotnet format Feedback.sln --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format found differences: run 'dotnet format Feedback.sln'" >&2
  status=1
fi

echo "== test"
dotnet test Feedback.sln -c Release --no-build --nologo -v quiet -m:3 \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=1

passed=0
failed=0
# A test host that crashed writes no results: count each missing project as a failure, never as a pass.
projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
reports=$(find "$results" -maxdepth 1 -name '*.trx' | wc -l)
if [ "$reports" -lt "$projects" ]; then
  echo "$((projects - reports)) test project(s) wrote no results (a crashed test host?)" >&2
  failed=$((projects - reports))
fi
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done
# The failures again, just above the summary: a long run's log is often read from its end.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  awk '
    function text(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
    /<UnitTestResult / && /outcome="(Failed|Error)"/ {
      match($0, /testName="[^"]*"/); print "FAILED " text(substr($0, RSTART + 10, RLENGTH - 11)); pending = 1; next
    }
    pending && /<Message>/ { sub(/.*<Message>/, ""); lines = 0; reading = 1 }
    reading {
      done = sub(/<\/Message>.*/, "")
      if (lines++ < 4) print "    " text($0)
      if (done) { reading = 0; pending = 0 }
      next
    }
    pending && /<\/UnitTestResult>/ { pending = 0 }
  ' "$trx"
done
[ "$failed" -gt 0 ] && status=1
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
