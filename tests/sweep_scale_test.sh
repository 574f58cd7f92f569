#!/usr/bin/env bash
# A sweep that scales (issue 16): 100,000 points of a tiny model stream their rows to results.csv
# and results.json in sweep order, keep op records only for the points report.html draws, and stay
# under 300 MB of peak RSS (the CLI kept every point's records: 1.1 GB for 10,000 points). A log
# gets no \r progress lines; the size and an estimate are printed before the sweep, the report time
# after it; both reports say what share of the points they show.
# Usage: sweep_scale_test.sh path/to/anesim
set -u
anesim="$1"
here="$(cd "$(dirname "$0")" && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 2 chips x 2 power states x 2 layouts x 2 weights x 25 seq x 250 batch = 100,000 points.
{
  echo "name: scale"
  echo "description: \"100,000 points of a one-layer encoder\""
  echo "chips: [A15, A16]"
  echo "power_state: [high, low]"
  echo "models: [$here/data/scale/tiny-encoder.yaml]"
  echo "layouts: [baseline, ane]"
  echo "weights: [fp16, int8]"
  echo "seq: [$(seq -s ', ' 8 8 200)]"
  echo "batch: [$(seq -s ', ' 1 250)]"
} > "$tmp/scale.yaml"

start=$(date +%s)
/usr/bin/time -f "%M" -o "$tmp/rss_kb" "$anesim" sweep "$tmp/scale.yaml" -o "$tmp/out" --jobs 2 > "$tmp/stdout" 2> "$tmp/stderr"
code=$?
seconds=$(($(date +%s) - start))
rss_kb=$(tail -n 1 "$tmp/rss_kb")
echo "100000 points: exit $code, ${seconds} s, peak RSS ${rss_kb} kB"
cat "$tmp/stdout"
[[ $code -eq 0 ]] || { fail "the sweep exited $code"; head -5 "$tmp/stderr"; }
(( rss_kb < 300000 )) || fail "peak RSS ${rss_kb} kB, over 300 MB"

# Every point, in sweep order: chips outermost, batch innermost.
[[ $(wc -l < "$tmp/out/results.csv") -eq 100001 ]] || fail "results.csv has $(wc -l < "$tmp/out/results.csv") lines, not 100001"
sed -n '2p;3p;100001p' "$tmp/out/results.csv" | cut -d, -f1-3,8,10,11 > "$tmp/order"
printf '%s\n' "tiny-encoder,A15,baseline,high,1,8" "tiny-encoder,A15,baseline,high,2,8" "tiny-encoder,A16,ane,low,250,200" \
  | diff - "$tmp/order" > /dev/null || fail "results.csv rows are not in sweep order: $(tr '\n' ' ' < "$tmp/order")"
[[ $(grep -c '"model": ' "$tmp/out/results.json") -eq 100000 ]] || fail "results.json does not hold 100000 runs"
[[ "$(tail -n 2 "$tmp/out/results.json" | tr '\n' '|')" == "  ]|}|" ]] || fail "results.json is not closed"

# A log gets no carriage returns; the console names the size, the estimate, the report time.
if grep -q $'\r' "$tmp/stderr"; then fail "stderr (not a terminal) got \\r progress lines"; fi
grep -qE "^scale: 100000 points on 2 threads, about .* \(timed on 3 of them\)$" "$tmp/stdout" || fail "no size and estimate before the sweep"
grep -qE "^scale: 100000 points in [0-9.]+ s on 2 threads \([0-9]+ points/s\), reports in [0-9.]+ s$" "$tmp/stdout" || fail "no report time in the summary"
grep -q "report.html" "$tmp/stdout" || fail "the console does not name report.html"

# The reports say what they show.
grep -q "This report lists the first 20000 of the sweep's 100000 points" "$tmp/out/report.md" || fail "report.md does not say it is cut"
grep -q "This page draws 4096 of the sweep&#39;s 100000 points: at most 16 sequence lengths and 16 batch sizes" "$tmp/out/report.html" \
  || fail "report.html does not say it draws a sample"
grep -q "Where the time goes" "$tmp/out/report.html" || fail "report.html lost its time breakdown (op records of the drawn points)"
grep -q "Time breakdown: skipped" "$tmp/out/report.html" && fail "report.html drew a breakdown without op records"
(( seconds < 90 )) || fail "the sweep took ${seconds} s"
ls -A "$tmp/out" | grep -q tmp && fail "a temporary file is left in the output folder"

echo "$failures failed"
[[ $failures -eq 0 ]]
