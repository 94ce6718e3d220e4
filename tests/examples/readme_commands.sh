#!/usr/bin/env bash
# Every command line of the README's walkthrough (between the walkthrough markers, in sh blocks) is
# in examples/walkthrough.sh (as a line or part of one), which the test examples_walkthrough runs:
# the README cannot show a command that is not tested. Plain settings (SIM=...) are exempt; the script's $RECEIVER_PORT
# stands for the README's 9000.
#   tests/examples/readme_commands.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: readme_commands.sh SOURCE_DIR}
script=$(sed -e "s/'\$RECEIVER_PORT'/9000/g" -e 's/\$RECEIVER_PORT/9000/g' "$src/examples/walkthrough.sh")
commands=$(sed -n '/<!-- walkthrough/,/<!-- \/walkthrough -->/p' "$src/README.md" |
  awk '/^```sh$/ {inside=1; next} /^```$/ {inside=0} inside && NF && !/^#/ && !/^[A-Z_]+=[^$ ]*$/')
[[ -n $commands ]] || { echo "no walkthrough commands found in README.md (markers or sh blocks missing)"; exit 1; }
missing=0 count=0
while IFS= read -r line; do
  count=$((count + 1))
  grep -qF -- "$line" <<<"$script" || { echo "README command not in examples/walkthrough.sh: $line"; missing=1; }
done <<<"$commands"
((missing == 0)) || exit 1
echo "all $count README walkthrough commands are in examples/walkthrough.sh"
