#!/usr/bin/env bash
# Every relative link of README.md and docs/*.md points at a file of the repository (the reference
# moved from README.md into docs/, and links must follow). Files that other work adds are listed in
# `pending` until they land.
#   tests/examples/links_check.sh SOURCE_DIR
set -euo pipefail
src=$(cd "${1:?usage: links_check.sh SOURCE_DIR}" && pwd)
pending=" "
bad=0 count=0
for doc in "$src/README.md" "$src"/docs/*.md; do
  dir=$(dirname "$doc")
  while IFS= read -r target; do
    target=${target%%#*}
    [[ -z $target || $target == *://* || $target == mailto:* ]] && continue
    count=$((count + 1))
    resolved=$(realpath -m "$dir/$target")
    rel=${resolved#"$src"/}
    [[ -e $resolved ]] && continue
    [[ $pending == *" $rel "* ]] && { echo "pending (another change adds it): $rel"; continue; }
    echo "broken link in ${doc#"$src"/}: $target"
    bad=1
  done < <(grep -o '\](\([^)]*\))' "$doc" | sed 's/^](\(.*\))$/\1/')
done
((bad == 0)) || exit 1
echo "links: $count relative links checked"
