#!/usr/bin/env bash
# The classifier's cold start as it ships, side by side in one run, two columns: another commit's CLI as that
# commit's ./feedback published and ran it (default: 485dbf1, framework-dependent ReadyToRun, `dotnet feedback.dll`)
# and this working tree's as its ./feedback publishes and runs it (since issue 22's NativeAOT step: classify and bench
# from functions/Feedback.Cli.Native, a native executable). And an empty net10.0 console (the dotnet host
# starting a program that does nothing: the floor of any design the dotnet host starts; a native executable has none).
#   tests/Feedback.Benchmarks/cold-start.sh [--rounds N] [--seconds S] [BASELINE_COMMIT]
# Each round runs, in fresh processes, the empty console first and then the two CLIs in alternating order:
#   `feedback bench classifier` (process start -> first classification, its breakdown, model load, throughput)
#   `feedback classify "…"`     (the whole process, timed from outside)
# and prints min and median of each figure and the medians' ratio. Publishing comes first and is not timed: each
# tree's own ./feedback publishes its CLI into that tree's .local/cli (or .local/cli-native) (the baseline's tree comes from `git archive`,
# once, into $TMPDIR/feedback-cold-start; a first publish takes minutes, later ones only check that nothing changed).
# Report the machine's load with the figures: they are shared-machine noise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rounds=5
seconds=1
baseline=485dbf1
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
  if ! dotnet build "$empty/empty.csproj" -c Release --nologo -v quiet >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "cold-start: build of the empty console failed" >&2
    exit 1
  fi
fi

old="$work/$baseline"
if [ ! -f "$old/feedback" ]; then
  rm -rf "$old"
  mkdir -p "$old"
  git -C "$ROOT" archive "$baseline" | tar -x -C "$old"
fi
# A tree's ./feedback publishes its CLI as that tree ships it before running any command; --help runs nothing else.
for tree in "$old" "$ROOT"; do
  echo "publishing the CLI of $tree as its ./feedback does…" >&2
  if ! "$tree/feedback" bench --help >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "cold-start: publishing the CLI of $tree failed" >&2
    exit 1
  fi
done

# How each tree's ./feedback starts classify and bench: its NativeAOT build (`exec "$NATIVE_DIR/feedback-native"`), else its
# published CLI (`exec dotnet .local/cli/feedback.dll` or `exec .local/cli/feedback`).
launcher() {
  if grep -q 'exec "$NATIVE_DIR/feedback-native"' "$1/feedback"; then
    echo "$1/.local/cli-native/feedback-native"
  elif grep -q 'exec dotnet "$CLI_DIR/feedback.dll"' "$1/feedback"; then
    echo "dotnet $1/.local/cli/feedback.dll"
  else
    echo "$1/.local/cli/feedback"
  fi
}

now_ns() { date +%s%N; }
results="$work/results"
rm -rf "$results"
mkdir -p "$results"

designs=(baseline shipped)
declare -A tree=([baseline]="$old" [shipped]="$ROOT")
declare -A cli=([baseline]="$(launcher "$old")" [shipped]="$(launcher "$ROOT")")

# One design, one round: bench classifier (its tree's own model file), then a whole classify process.
run_design() {
  local name="$1" round="$2" start end model="${tree[$1]}/functions/Feedback.Classification/model/feedback-classifier.zip"
  # shellcheck disable=SC2086 # the launcher is a command and its arguments
  (cd "${tree[$name]}" && ${cli[$name]} bench classifier --seconds "$seconds" --model "$model") >"$results/$name.$round.bench"
  start=$(now_ns)
  # The CPU the process used (user + system), from bash's time: the work, which load on the machine stretches less than the wall time.
  # shellcheck disable=SC2086
  { TIMEFORMAT='%3U %3S'; time (cd "${tree[$name]}" && ${cli[$name]} classify --model "$model" "قبض آب این ماه دو برابر شده") >/dev/null; } 2>"$results/$name.$round.cpu"
  end=$(now_ns)
  echo "classify_process_ms $(((end - start) / 1000000))" >>"$results/$name.$round.bench"
  awk '{ user = $1; sys = $2 } END { printf "classify_cpu_ms %d\n", (user + sys) * 1000 }' "$results/$name.$round.cpu" >>"$results/$name.$round.bench"
}

echo "baseline: ${cli[baseline]}"
echo "this tree: ${cli[shipped]}"
echo "load before: $(uptime)"
rounds_started=$(now_ns)
for round in $(seq 1 "$rounds"); do
  start=$(now_ns)
  dotnet "$empty/bin/Release/net10.0/empty.dll" >"$results/empty.$round.out"
  end=$(now_ns)
  echo "process_ms $(((end - start) / 1000000))" >>"$results/empty.$round.out"
  for i in 0 1; do
    run_design "${designs[$(((round + i) % 2))]}" "$round"
  done
  echo "round $round of $rounds done" >&2
done
echo "load after:  $(uptime)"
echo "the rounds took $((($(now_ns) - rounds_started) / 1000000000)) s"

# min and median of the numbers on stdin
stats() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s / %s", v[1], m }'; }

figure() { # design, awk program printing one number per round file
  for f in "$results/$1".*.bench; do awk "$2" "$f"; done | stats
}

# this tree's median / the baseline's median, to two places
ratio() {
  local base
  base="$(figure baseline "$1" | awk '{ print $3 }')"
  figure shipped "$1" | awk -v base="$base" '{ if (base + 0 > 0) printf "%.2f", $3 / base; else printf "-" }'
}

echo
echo "$rounds rounds, alternating the order; min / median of each, and this tree's median as a share of the baseline's:"
printf '%-52s %-22s %-22s %s\n' "" "$baseline as shipped" "this tree as shipped" "median ratio"
row() { printf '%-52s %-22s %-22s %s\n' "$1" "$(figure baseline "$2")" "$(figure shipped "$2")" "$(ratio "$2")"; }
row "process start -> first classification, ms" '/^first classification .* ms after the process started/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms" && $(i+2) == "after" && $(i+4) == "process") print $i }'
row "model load in the process, ms" '/loaded in/ { for (i = 1; i <= NF; i++) if ($i == "in" && $(i+2) == "ms") print $(i+1) }'
row "methods JIT-compiled before the first answer" '/^compiled at run time/ { for (i = 1; i <= NF; i++) if ($(i+1) == "methods") print $i }'
row "assemblies loaded before the first answer" '/^compiled at run time/ { for (i = 1; i <= NF; i++) if ($(i+1) == "assemblies") print $i }'
row "classifications/s, one thread, mixed lengths" '/mixed lengths:/ { gsub(",", "", $(NF-1)); print $(NF-1) }'
row "classifications/s, one thread, 60-100 characters" '/characters \(/ { gsub(",", "", $(NF-1)); print $(NF-1) }'
row "whole classify process, from outside, ms" '/classify_process_ms/ { print $2 }'
row "whole classify process, CPU time (user + system), ms" '/classify_cpu_ms/ { print $2 }'
printf '%-52s %s\n' "empty console: process start -> Main, ms" "$(for f in "$results"/empty.*.out; do awk '/^main/ { print $2 }' "$f"; done | stats)"
printf '%-52s %s\n' "empty console: whole process, from outside, ms" "$(for f in "$results"/empty.*.out; do awk '/process_ms/ { print $2 }' "$f"; done | stats)"

for design in baseline shipped; do
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
