# The check the CLI tests share (sourced by cli_test.sh and cli_onnx_test.sh, which set $anesim,
# $checks and $failures): `expect CODE PATTERN -- ARGS...` runs anesim ARGS and fails unless it
# exits CODE with a line of its output (stdout and stderr) matching the extended regex PATTERN.
expect() {  # expect CODE PATTERN -- ARGS...
  local code="$1" pattern="$2"
  shift 3
  checks=$((checks + 1))
  local out
  out=$("$anesim" "$@" 2>&1)
  local got=$?
  if [[ $got -ne $code ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: anesim $* -> exit $got (want $code), output:"
    echo "$out" | head -5
    failures=$((failures + 1))
  fi
}
