#!/bin/sh
# Writes a help2man include file (stdout) with the COMMANDS section of keygate.1: the --help of
# every command, walked from the command tree of the binary given, so the man page lists every
# command and option there is. The global options and the help flags, the same in every
# command, are left out (the OPTIONS section has them).
# Usage: man-commands.sh path/to/keygate
set -eu
bin=$1

subcommands() {
  awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1; next} on {exit}'
}

# One command's --help as roff: its summary, usage, then a tagged paragraph per option.
to_roff() {
  awk '
    function text(s) {
      gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); if (s ~ /^[.\047]/) s = "\\&" s; return s
    }
    /^Global options/ { skip = 1; next }
    skip && /^$/ { skip = 0; next }
    skip { next }
    /^  -h,--help / || /^  --help-all / || /^$/ { next }
    /^Usage: / { print ".PP"; print "\\fB" text(substr($0, 8)) "\\fR"; next }
    /^[A-Z][a-z]*:$/ { print ".PP"; print text($0); next }
    /^                    / { sub(/^ +/, ""); print text($0); next }
    /^  / {
      line = substr($0, 3)
      print ".TP"
      # CLI11 aligns descriptions at column 30: two spaces or more before one, or a single
      # space after an option text that fills the column.
      if (match(line, /   */)) {
        print "\\fB" text(substr(line, 1, RSTART - 1)) "\\fR"
        print text(substr(line, RSTART + RLENGTH))
      } else if (length(line) > 28 && substr(line, 28, 1) == " ") {
        print "\\fB" text(substr(line, 1, 27)) "\\fR"
        print text(substr(line, 29))
      } else {
        print "\\fB" text(line) "\\fR"
      }
      next
    }
    { print ".PP"; print text($0) }
  '
}

walk() {
  help=$("$bin" "$@" --help)
  subs=$(printf '%s\n' "$help" | subcommands)
  if [ -n "$subs" ]; then
    for sub in $subs; do walk "$@" "$sub"; done
    return
  fi
  printf '.SS "keygate %s"\n' "$*"
  printf '%s\n' "$help" | to_roff
}

printf '[COMMANDS]\n'
for command in $("$bin" --help | subcommands); do
  walk "$command"
done
