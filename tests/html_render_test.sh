#!/usr/bin/env bash
# Renders report.html in headless Chromium (issue 4's acceptance test): the page loads with no
# console errors and the 1280 px screenshot is not blank. The page is the one
# tests/test_html_report.cpp writes to $ANESIM_HTML_OUT (distilbert, A15 grid plus three chips).
# Usage: html_render_test.sh path/to/anesim_tests [OUT_DIR]
# Without chromium the test is skipped (exit 0) on a workstation, and fails when $CI is set.
set -u
tests_bin="$1"
out_dir="${2:-$(mktemp -d)}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
passed=0
failed=0
check() {  # check NAME CONDITION-EXIT-CODE [DETAIL]
  if [[ $2 -eq 0 ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $1${3:+: $3}"
  fi
}

if [[ ! -x "$chromium" ]]; then
  if [[ -z "${CI:-}" ]]; then
    echo "SKIP: $chromium not found (apt-get install chromium); under CI this fails"
    echo "0 passed, 0 failed"
    exit 0
  fi
  echo "FAIL: $chromium not found and CI is set (scripts/install-deps.sh installs it)"
  echo "0 passed, 1 failed"
  exit 1
fi

mkdir -p "$out_dir"
html="$out_dir/report.html"
png="$out_dir/report.png"
log="$out_dir/chromium.log"
rm -f "$html" "$png"

ANESIM_HTML_OUT="$html" "$tests_bin" -tc='html report: write to $ANESIM_HTML_OUT' >"$out_dir/writer.log" 2>&1
check "the test binary writes the report" $? "$(tail -3 "$out_dir/writer.log")"
[[ -s "$html" ]]
check "report.html is not empty" $?

profile=$(mktemp -d)
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
  --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
  --window-size=1280,2000 --screenshot="$png" "file://$html" >"$log" 2>&1
rc=$?
rm -rf "$profile"
check "chromium exits 0" $rc "exit $rc, $(tail -3 "$log")"
! grep -qE "Uncaught|:CONSOLE|CONSOLE\(" "$log"
check "no console errors" $? "$(grep -E "Uncaught|:CONSOLE|CONSOLE\(" "$log" | head -3)"

# The screenshot: a PNG of 1280 px width with many colours and no large blank band at the top.
verdict=$(/usr/bin/python3 - "$png" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
try:
    data = open(path, "rb").read()
except OSError as e:
    print(f"cannot read {path}: {e}"); sys.exit(0)
if data[:8] != b"\x89PNG\r\n\x1a\n":
    print("not a PNG"); sys.exit(0)
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
if depth != 8 or colour not in (2, 6):
    print(f"unexpected PNG format depth {depth} colour {colour}"); sys.exit(0)
bpp = 3 if colour == 2 else 4
stride = width * bpp
raw = zlib.decompress(idat)
prev = bytearray(stride)
colours = set()
rows_with_ink = 0
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):  # undo the PNG row filter
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    px = {bytes(line[i:i + 3]) for i in range(0, stride, bpp)}
    colours |= px
    if len(px) > 1:
        rows_with_ink += 1
    prev = line
problems = []
if width != 1280: problems.append(f"width {width}, want 1280")
if len(colours) < 50: problems.append(f"{len(colours)} distinct colours, want 50 or more")
if rows_with_ink < height // 2: problems.append(f"{rows_with_ink} of {height} rows have content, want half or more")
print("; ".join(problems) if problems else f"ok {width}x{height}, {len(colours)} colours, {rows_with_ink} rows with content")
PY
)
[[ "$verdict" == ok* ]]
check "screenshot is not blank" $? "$verdict"
echo "screenshot: $png ($verdict)"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
