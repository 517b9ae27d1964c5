#!/usr/bin/env bash
# The path of one web message, counted as a newcomer walks it: every source file under functions/ whose code runs
# while one web message goes from its POST to its acknowledgement SMS, minus what runs for starting the app alone.
#   tests/Feedback.Benchmarks/message-path.sh [--list] [--hops] [--fresh] [COMMIT...]   (default: 07a5cd6 HEAD, the issue's base and this one)
# For each commit: `git archive` into $TMPDIR/feedback-message-path/<commit>, add message-path/MessagePathProbe.cs
# to its Functions tests with coverlet.collector, build, and run the probe twice under coverage: One_web_message
# (Local mode, WebApplicationFactory, its own Azurite, Kavenegar's stand-in; the app's clock at noon in Tehran)
# and Start_only (the same start, as long, no message). A file is on the path when a line of it ran in the first
# run that did not run in the second. Prints, per commit, the files on the path, their lines of C# (`wc -l`) and
# the lines that ran for the message alone, and the hops between them (a file naming, in a line that ran for the
# message alone, a type another file on the path declares at its top level; once per pair of files); --list names the files,
# --hops each hop (the file, the file it names and the types it names there).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/Feedback.Benchmarks"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

list=0
hops=0
fresh=0
commits=()
while [ $# -gt 0 ]; do
  case "$1" in
    --list) list=1; shift ;;
    --hops) hops=1; shift ;;
    --fresh) fresh=1; shift ;;
    -*) echo "usage: $0 [--list] [--hops] [--fresh] [COMMIT...]" >&2; exit 2 ;;
    *) commits+=("$1"); shift ;;
  esac
done
[ ${#commits[@]} -ge 1 ] || commits=(07a5cd6 HEAD)
work="${TMPDIR:-/tmp}/feedback-message-path"
mkdir -p "$work"

measure() {
  local commit tree tests
  commit="$(git -C "$ROOT" rev-parse --short "$1^{commit}")" || { echo "message-path: no commit $1" >&2; exit 2; }
  tree="$work/$commit"
  tests="$tree/tests/Feedback.Functions.Tests"
  if [ ! -f "$tree/.unpacked" ]; then
    rm -rf "$tree" && mkdir -p "$tree"
    git -C "$ROOT" archive "$commit" | tar -x -C "$tree"
    ln -s "$ROOT/node_modules" "$tree/node_modules"
    grep -q '"coverlet.collector"' "$tree/Directory.Packages.props" \
      || sed -i 's|</ItemGroup>|  <PackageVersion Include="coverlet.collector" Version="10.1.1" />\n  </ItemGroup>|' "$tree/Directory.Packages.props"
    sed -i 's|<PackageReference Include="xunit" />|<PackageReference Include="xunit" />\n    <PackageReference Include="coverlet.collector" />|' "$tests/Feedback.Functions.Tests.csproj"
    touch "$tree/.unpacked"
  fi
  # A commit is immutable: its two runs with the same probe are reused unless --fresh asks for new ones.
  if [ "$fresh" = 0 ] && [ -f "$tree/.measured" ] && cmp -s "$HERE/message-path/MessagePathProbe.cs" "$tests/MessagePathProbe.cs"; then
    echo "message-path: $commit: the coverage of an earlier run (--fresh runs it again)" >&2
  else
    rm -f "$tree/.measured"
    cp "$HERE/message-path/MessagePathProbe.cs" "$tests/MessagePathProbe.cs"
    dotnet build "$tests/Feedback.Functions.Tests.csproj" -c Release -v quiet -nologo >"$tree/build.log" 2>&1 \
      || { tail -20 "$tree/build.log" >&2; exit 1; }
    for run in Start_only One_web_message; do
      rm -rf "$tree/coverage/$run"
      dotnet test "$tests/Feedback.Functions.Tests.csproj" -c Release --no-build -nologo \
        --filter "FullyQualifiedName~MessagePathProbe.$run" --collect:"XPlat Code Coverage" --results-directory "$tree/coverage/$run" \
        -- 'DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=[Feedback.*]*' >"$tree/coverage-$run.log" 2>&1 \
        || { tail -20 "$tree/coverage-$run.log" >&2; exit 1; }
    done
    touch "$tree/.measured"
  fi
  python3 - "$tree" "$commit" "$list" "$hops" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
tree, commit, listing, naming = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
functions = os.path.realpath(tree) + "/functions/"
def ran(run):
    """Per source file under functions/, the numbers of the lines that ran."""
    lines = {}
    for report in glob.glob(f"{tree}/coverage/{run}/*/coverage.cobertura.xml"):
        root = ET.parse(report).getroot()
        sources = [s.text for s in root.iter("source")]
        for cls in root.iter("class"):
            name = cls.get("filename")
            path = name if os.path.isabs(name) else next((os.path.join(s, name) for s in sources if os.path.exists(os.path.join(s, name))), name)
            path = os.path.realpath(path)
            # Kavenegar's stand-in answers in Kavenegar's place: it is not the app's code.
            if path.startswith(functions) and path.endswith(".cs") and "/Feedback.Kavenegar/StandIn/" not in path:
                lines.setdefault(path, set()).update(int(line.get("number")) for line in cls.iter("line") if int(line.get("hits")) > 0)
    return lines
start, message = ran("Start_only"), ran("One_web_message")
# A file is on the path when a line of it ran for the message that did not run for the start alone.
path = sorted(f for f, hit in message.items() if hit - start.get(f, set()))
lines = sum(sum(1 for _ in open(f, encoding="utf-8")) for f in path)
executed = sum(len(message[f] - start.get(f, set())) for f in path)
# Hops: a file on the path naming, in a line that ran for the message alone, a type that another file on the path
# declares at its top level (a call, a construction or a member of that type). Counted once per pair of files.
# A nested type is named from outside through its outer type (`SmsSendResult.Accepted`), which is the hop; a bare
# `Body` or `Entry` is a member or a type of the file's own, never another file's nested type. A name the file
# declares itself is its own.
modifiers = r"(?:(?:public|internal|private|protected|file|sealed|static|abstract|partial|readonly|ref|unsafe|new)\s+)*"
kinds = r"(?:class|record(?:\s+(?:class|struct))?|struct|interface|enum)\s+(\w+)"
top_level = re.compile(rf"^{modifiers}{kinds}", re.MULTILINE)
any_level = re.compile(rf"^\s*{modifiers}{kinds}", re.MULTILINE)
declared, own = {}, {}
for f in path:
    text = open(f, encoding="utf-8").read()
    for name in top_level.findall(text):
        declared.setdefault(name, set()).add(f)
    own[f] = set(any_level.findall(text))
hops, names = set(), {}
for f in path:
    source = open(f, encoding="utf-8").read().split("\n")
    for number in message[f] - start.get(f, set()):
        for name in re.findall(r"\b[A-Z]\w*", source[number - 1]):
            if name not in own[f]:
                for other in declared.get(name, ()):
                    if other != f:
                        hops.add((f, other))
                        names.setdefault((f, other), set()).add(name)
print(f"{commit}: {len(path)} files on the path of one web message, {lines} lines of C# in them "
      f"({executed} lines ran for the message and not for the start alone), {len(hops)} hops between them")
if listing:
    for f in path:
        print(f"  {os.path.relpath(f, tree)} ({len(message[f] - start.get(f, set()))})")
if naming:
    for f, other in sorted(hops):
        print(f"  hop {os.path.relpath(f, functions)} -> {os.path.relpath(other, functions)}: {' '.join(sorted(names[(f, other)]))}")
PY
}

for commit in "${commits[@]}"; do
  measure "$commit"
done
