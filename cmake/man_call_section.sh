#!/bin/sh
# Writes a help2man include file: `antom-sim call --help` as a man page section, kept as printed.
#   man_call_section.sh ANTOM_SIM_BINARY OUTPUT
set -eu
{
  printf '[ANTOM-SIM CALL]\n.nf\n'
  # roff: a backslash is written \e; a line starting with . or ' is protected by \&.
  "$1" call --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  printf '.fi\n'
} >"$2"
