#!/usr/bin/env bash
# Installs the build into a temporary prefix and runs `storytrail demo` from an unrelated
# folder: the installed binary must find its sample story without the source tree.
set -euo pipefail
build_dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build_dir" --prefix "$tmp/prefix" >/dev/null
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
out=$(env -u STORYTRAIL_DATA_DIR -u STORYTRAIL_STORE NO_COLOR=1 "$tmp/prefix/bin/storytrail" demo)
grep -q 'stored harris-mexico@6 ' <<<"$out" || { echo "demo output: $out"; exit 1; }
[ "$(git --git-dir=store rev-list --count refs/stories/harris-mexico)" = 6 ] || exit 1
# The HTML timeline is rendered from the installed templates.
grep -q '<li class="st-card ' harris-mexico.html || { echo "no timeline page"; exit 1; }
# Moved elsewhere, the install still finds its data beside the binary.
mv "$tmp/prefix" "$tmp/moved"
out=$(env -u STORYTRAIL_DATA_DIR NO_COLOR=1 "$tmp/moved/bin/storytrail" --store "$tmp/s2" demo)
grep -q 'stored harris-mexico@6 ' <<<"$out" || { echo "demo output after move: $out"; exit 1; }
