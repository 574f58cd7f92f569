#!/usr/bin/env bash
# Malformed configs must be rejected cleanly: exit 1 (invalid input), never a crash or a hang, and
# a message that names FILE:LINE: and the offending key (or the text that explains the problem).
# Each row of BAD_DIR/EXPECTED.tsv (file, kind, exit_code, line, key_or_text) is one case; kind
# chip runs `anesim run --chip FILE`, kind model runs `anesim run --model FILE`, kind validation
# runs `anesim validate FILE`.
# Usage: bad_configs_test.sh path/to/anesim path/to/tests/data/bad
set -u
anesim="$1"
dir="$2"
table="$dir/EXPECTED.tsv"
passed=0
failed=0

fail() {  # fail FILE REASON STDERR
  echo "FAIL: $1: $2"
  sed 's/^/    /' <<<"$3" | head -6
  failed=$((failed + 1))
}

declare -A listed=()
while IFS=$'\t' read -r file kind code line text; do
  [[ -z "$file" || "$file" == \#* || "$file" == file ]] && continue
  listed["$file"]=1
  path="$dir/$file"
  case "$kind" in
    chip) args=(run --chip "$path") ;;
    model) args=(run --model "$path") ;;
    validation) args=(validate "$path") ;;
    *) fail "$file" "unknown kind '$kind' in EXPECTED.tsv" ""; continue ;;
  esac
  err=$(timeout 10 "$anesim" "${args[@]}" 2>&1 >/dev/null)
  got=$?
  # The key or text must be in the message itself, not merely in the file's name.
  message=${err//"$path"/FILE}
  if [[ $got -eq 124 ]]; then
    fail "$file" "timed out after 10 s" "$err"
  elif [[ $got -ge 128 ]]; then
    fail "$file" "crashed (exit $got, signal $((got - 128)))" "$err"
  elif [[ $got -ne $code ]]; then
    fail "$file" "exit $got, want $code" "$err"
  elif ! grep -qF -- "$path:$line:" <<<"$err"; then
    fail "$file" "message does not name '$path:$line:'" "$err"
  elif ! grep -qF -- "$text" <<<"$message"; then
    fail "$file" "message does not contain '$text'" "$err"
  else
    passed=$((passed + 1))
  fi
done <"$table"

# Every bad config in the folder must have an expectation.
for path in "$dir"/*.yaml "$dir"/*.json; do
  file=$(basename "$path")
  [[ -n "${listed[$file]:-}" ]] || fail "$file" "no row in EXPECTED.tsv" ""
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
