# The Functions host starts the handler as `/bin/sh start.sh` (host.json), in the package's root, so that it starts
# whether or not the platform kept the zip's executable bit: sh reads a script it is handed without needing the bit.
# Nothing documents that Flex Consumption keeps it. Without it (or on a noexec mount) the self-contained app host
# runs from a private copy made executable, beside links to the package's files: the app host finds the runtime and
# the app's assemblies next to its own real path, which is the copy's folder.
set -eu
app="$(pwd)"
if [ -x "$app/Feedback.Functions" ]; then
  exec "$app/Feedback.Functions" "$@"
fi
copy="$(mktemp -d "${TMPDIR:-/tmp}/feedback-handler.XXXXXX")"
for entry in "$app"/*; do
  ln -s "$entry" "$copy/"
done
rm "$copy/Feedback.Functions"
cp "$app/Feedback.Functions" "$copy/Feedback.Functions"
chmod u+x "$copy/Feedback.Functions"
echo "start.sh: $app/Feedback.Functions is not executable here; running a copy from $copy" >&2
exec "$copy/Feedback.Functions" "$@"
