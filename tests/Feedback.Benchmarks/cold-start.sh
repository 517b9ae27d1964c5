#!/usr/bin/env bash
# The classifier's cold start, side by side in one run: this working tree against another commit's
# classifier (default: the one before the two heads were joined), and an empty net10.0 console (the
# floor no design can beat: the dotnet host starting a program that does nothing).
#   tests/Feedback.Benchmarks/cold-start.sh [--rounds N] [--seconds S] [BASELINE_COMMIT]
# Each round runs, in fresh processes and alternating the order of the two designs:
#   `feedback bench classifier` (process start -> first classification, its breakdown, model load, throughput)
#   `feedback classify "…"`     (the whole process, timed from outside)
#   the empty console           (process start -> Main, and the whole process from outside)
# and prints min and median of each figure. Builds what it runs (the baseline from `git archive`, once,
# in $TMPDIR/feedback-cold-start). Report the machine's load with the figures: they are shared-machine noise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rounds=5
seconds=2
baseline=2890f1b
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -*) echo "usage: $0 [--rounds N] [--seconds S] [BASELINE_COMMIT]" >&2; exit 2 ;;
    *) baseline="$1"; shift ;;
  esac
done
baseline="$(git -C "$ROOT" rev-parse --short "$baseline^{commit}")" || { echo "cold-start: no commit $baseline" >&2; exit 2; }

work="${TMPDIR:-/tmp}/feedback-cold-start"
mkdir -p "$work"

build() {
  if ! dotnet build "$1" -c Release --nologo -v quiet >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "cold-start: build of $1 failed" >&2
    exit 1
  fi
}

# The empty console: what `dotnet new console` makes, printing how long after the process started Main ran.
empty="$work/empty"
if [ ! -f "$empty/bin/Release/net10.0/empty.dll" ]; then
  mkdir -p "$empty"
  cat >"$empty/empty.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
</Project>
EOF
  cat >"$empty/Program.cs" <<'EOF'
var main = DateTime.UtcNow;
Console.WriteLine($"main {(main - System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime()).TotalMilliseconds:0} ms after the process started");
EOF
  echo "building the empty console…" >&2
  build "$empty/empty.csproj"
fi

old="$work/$baseline"
if [ ! -f "$old/functions/Feedback.Cli/bin/Release/net10.0/feedback.dll" ]; then
  echo "building $baseline…" >&2
  rm -rf "$old"
  mkdir -p "$old"
  git -C "$ROOT" archive "$baseline" | tar -x -C "$old"
  build "$old/functions/Feedback.Cli/Feedback.Cli.csproj"
fi
echo "building this working tree…" >&2
build "$ROOT/functions/Feedback.Cli/Feedback.Cli.csproj"

now_ns() { date +%s%N; }
results="$work/results"
rm -rf "$results"
mkdir -p "$results"

# One design, one round: bench classifier, then a whole classify process.
run_design() {
  local name="$1" tree="$2" round="$3" start end
  (cd "$tree" && dotnet functions/Feedback.Cli/bin/Release/net10.0/feedback.dll bench classifier --seconds "$seconds") >"$results/$name.$round.bench"
  start=$(now_ns)
  (cd "$tree" && dotnet functions/Feedback.Cli/bin/Release/net10.0/feedback.dll classify "قبض آب این ماه دو برابر شده") >/dev/null
  end=$(now_ns)
  echo "classify_process_ms $(((end - start) / 1000000))" >>"$results/$name.$round.bench"
}

echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  start=$(now_ns)
  dotnet "$empty/bin/Release/net10.0/empty.dll" >"$results/empty.$round.out"
  end=$(now_ns)
  echo "process_ms $(((end - start) / 1000000))" >>"$results/empty.$round.out"
  if [ $((round % 2)) -eq 1 ]; then
    run_design baseline "$old" "$round"
    run_design current "$ROOT" "$round"
  else
    run_design current "$ROOT" "$round"
    run_design baseline "$old" "$round"
  fi
  echo "round $round of $rounds done" >&2
done
echo "load after:  $(uptime)"

# min and median of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s / %s", v[1], m }'; }

figure() { # design, awk program printing one number per round file
  for f in "$results/$1".*.bench; do awk "$2" "$f"; done | stats
}

echo
echo "$rounds rounds, alternating; min / median of each:"
printf '%-58s %-20s %-20s\n' "" "baseline ($baseline)" "this tree"
row() { printf '%-58s %-20s %-20s\n' "$1" "$(figure baseline "$2")" "$(figure current "$2")"; }
row "process start -> first classification, ms" '/^first classification .* ms after the process started/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms" && $(i+2) == "after" && $(i+4) == "process") print $i }'
row "model load in the process, ms" '/loaded in/ { for (i = 1; i <= NF; i++) if ($i == "in" && $(i+2) == "ms") print $(i+1) }'
row "classifications/s, one thread, mixed lengths" '/mixed lengths:/ { gsub(",", "", $(NF-1)); print $(NF-1) }'
row "classifications/s, one thread, 60-100 characters" '/characters \(/ { gsub(",", "", $(NF-1)); print $(NF-1) }'
row "whole classify process, from outside, ms" '/classify_process_ms/ { print $2 }'
printf '%-58s %s\n' "empty console: process start -> Main, ms" "$(for f in "$results"/empty.*.out; do awk '/^main/ { print $2 }' "$f"; done | stats)"
printf '%-58s %s\n' "empty console: whole process, from outside, ms" "$(for f in "$results"/empty.*.out; do awk '/process_ms/ { print $2 }' "$f"; done | stats)"

for design in baseline current; do
  echo
  echo "$design: where the time to the first classification goes, median ms of each stage"
  for f in "$results/$design".*.bench; do
    awk '/^startup,/ { on = 1; next }
      on && /^  / { stage = $1; for (i = 2; i <= NF - 2; i++) stage = stage " " $i; print stage "\t" $NF; next }
      { on = 0 }' "$f"
  done | awk -F'\t' '
    { if (!($1 in count)) order[++stages] = $1; v[$1, ++count[$1]] = $2 }
    END {
      for (s = 1; s <= stages; s++) {
        name = order[s]; k = count[name]
        for (i = 1; i <= k; i++) x[i] = v[name, i]
        for (i = 2; i <= k; i++) { y = x[i]; for (j = i - 1; j >= 1 && x[j] > y; j--) x[j + 1] = x[j]; x[j + 1] = y }
        printf "  %-40s %6s\n", name, (k % 2) ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
      }
    }'
done
