#!/usr/bin/env bash
# The layers' rule for headers: a file includes only headers of its own layer and the layers below
# (README.md, "Where things are"). The linker checks calls (each layer is a static library that
# links only to the ones below it); this checks what the linker cannot see: inline functions,
# templates and types used from a header.
set -euo pipefail
cd "$(dirname "$0")/.."
# Bottom first; a layer may include any layer at or before its position.
layers=(core ir chip sim/lower sim/memory sim/timing sim models generation validation calibration advice reports sweep)
layer_of() {  # the layer a path (or an include) belongs to, or "" for the front ends
  case "$1" in
    sim/lower/*) echo sim/lower ;; sim/memory/*) echo sim/memory ;; sim/timing/*) echo sim/timing ;;
    *) local top=${1%%/*}; for l in "${layers[@]}"; do [ "$l" != "$top" ] || echo "$l"; done ;;
  esac
}
rank_of() { local i; for i in "${!layers[@]}"; do [ "${layers[$i]}" != "$1" ] || echo "$i"; done; }
status=0
checked=0
for l in "${layers[@]}"; do
  for file in $(git ls-files "$l" | grep -E '\.(hpp|cpp|def)$'); do
    [ "$(layer_of "$file")" = "$l" ] || continue
    checked=$((checked + 1))
    while IFS= read -r inc; do
      target=$(layer_of "$inc")
      [ -n "$target" ] || continue
      if [ "$(rank_of "$target")" -gt "$(rank_of "$l")" ]; then
        echo "$file includes $inc: layer $l may not depend on $target, which is above it" >&2
        status=1
      fi
    done < <(grep -oE '#include "[^"]+"' "$file" | sed 's/#include "//; s/"$//')
  done
done
[ "$checked" -gt 100 ] || { echo "only $checked files checked: are the layers' folders where this script expects?" >&2; exit 1; }
if [ $status -eq 0 ]; then echo "layering: $checked files, every include at or below its own layer"; fi
exit $status
