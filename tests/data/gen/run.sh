#!/usr/bin/env bash
# run.sh — regenerate the reference data in tests/data from the Go programs beside this script,
# and check that it equals what is committed (default), or overwrite it (--write).
#
#   bash tests/data/gen/run.sh [--check|--write] [name...]
#
# names (all by default):
#   go-sort          go-sort/main.go: slices.SortFunc tie order and comparisons -> go-sort-vectors.json
#   go-math          go-math/main.go: math.Exp/math.Log bits on linux/amd64 -> go-math-vectors.json.gz
#   go-time          go-time/main.go: a sync wall clock (time.Unix(sec, nsec) as RFC3339Nano, UTC) for uint64 edge
#                    pairs -> go-time-vectors.json
#   text-format      text-format/vectors_test.go: Go's text trace format, conformance wire bytes,
#                    quoting, expectations, regexps, txtar -> text-format-vectors.json, text-wire/*.bin
#   wire-edge-cases  wire-edge-cases/main.go: synthetic traces through go tool trace -d=wire/-d=footprint
#                    -> wire-edge-cases.json.gz
#   wire             go tool trace -d=wire on four corpus traces -> wire/<ver>-<name>.txt.gz
#   go-validation    go-validation/harness_test.go: Go's reader + testtrace validator on every corpus
#                    trace, fixture and Go tracev1 test trace -> go-validation.tsv
#   u64-metrics      go tool trace on u64-metrics/u64.trace (metrics past 2^53 and 2^64-1, written from
#                    u64.txt in Go's text format): -d=parsed and the Heap counters of its /jsontrace
#                    (through the corpus' goldengen) -> u64-metrics/parsed.txt, jsontrace-heap.txt
#   u64-ids          go tool trace -d=parsed on u64-ids/*.trace (goroutine, thread, proc and task ids, PCs, lines, times and a
#                    sequence number past 2^53, in valid traces and ones the reader rejects)
#                    -> u64-ids/NAME.parsed.txt, NAME.stderr.txt; and go tool trace's server's
#                    /jsontrace?taskid= of bigtask.trace's task (id 2^53+31) -> u64-ids/bigtask-taskid.json
#
# text-format and go-validation use packages internal to GOROOT: their _test.go file is overlaid
# into internal/trace (go test -overlay), GOROOT is not modified. .gz files are compared by content.
# Needs /usr/lib/go-1.26 (scripts/install-go.sh 1.26); wire, go-validation and u64-metrics need ../shared/corpus.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
DATA="$REPO/tests/data"
CORPUS="${PROF_TRACE_CORPUS:-$REPO/../shared/corpus}"
GOROOT_126=/usr/lib/go-1.26
GO="$GOROOT_126/bin/go"
export GOTOOLCHAIN=local GOFLAGS= GOTELEMETRY=off GOPROXY=off GOWORK=off

mode=check
case "${1:-}" in
  --check) shift ;;
  --write) mode=write; shift ;;
esac
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(go-sort go-math go-time text-format wire-edge-cases wire go-validation u64-metrics u64-ids)

[ -x "$GO" ] || { echo "run.sh: $GO missing (scripts/install-go.sh 1.26)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0

# settle NEW COMMITTED: compare (check) or copy (write). Gzipped files compare by content.
settle() {
  local new="$1" old="$2" rel="${2#"$REPO"/}"
  if [ "$mode" = write ]; then
    mkdir -p "$(dirname "$old")"
    if [[ "$old" == *.gz ]]; then gzip -9nc "$new" >"$old"; else cp "$new" "$old"; fi
    echo "wrote $rel"
    return
  fi
  local committed="$tmp/committed"
  if [ ! -f "$old" ]; then echo "MISSING $rel" >&2; failed=1; return; fi
  if [[ "$old" == *.gz ]]; then gzip -dc "$old" >"$committed"; else cp "$old" "$committed"; fi
  if cmp -s "$new" "$committed"; then
    echo "ok      $rel"
  else
    echo "DIFFERS $rel (run with --write to take the new output)" >&2
    failed=1
  fi
}

# overlay_test NAME FILE: run FILE as an extra test of GOROOT's internal/trace.
overlay_test() {
  local test="$1" file="$2" overlay="$tmp/overlay.json"
  printf '{"Replace":{"%s":"%s"}}\n' "$GOROOT_126/src/internal/trace/zz_proftrace_$(basename "$file")" "$file" >"$overlay"
  (cd "$tmp" && "$GO" test -count=1 -v -overlay "$overlay" -run "^$test\$" internal/trace) >"$tmp/go-test.out" 2>&1 ||
    { cat "$tmp/go-test.out" >&2; exit 1; }
}

trace_tool() {
  local t
  t="$(cd "$tmp" && "$GO" tool -n trace)"
  [ -x "$t" ] || { echo "run.sh: cannot find the go1.26 trace tool" >&2; exit 1; }
  echo "$t"
}

need_corpus() {
  [ -d "$CORPUS/traces" ] || { echo "run.sh: $1 needs the shared corpus at $CORPUS" >&2; exit 1; }
}

for name in "${names[@]}"; do
  case "$name" in
    go-sort)
      "$GO" run "$HERE/go-sort/main.go" >"$tmp/go-sort.json"
      settle "$tmp/go-sort.json" "$DATA/go-sort-vectors.json"
      ;;
    go-math)
      "$GO" run "$HERE/go-math/main.go" >"$tmp/go-math.json"
      settle "$tmp/go-math.json" "$DATA/go-math-vectors.json.gz"
      ;;
    go-time)
      (cd "$tmp" && "$GO" run "$HERE/go-time/main.go") >"$tmp/go-time.json"
      settle "$tmp/go-time.json" "$DATA/go-time-vectors.json"
      ;;
    text-format)
      mkdir -p "$tmp/text-format"
      OUT_DIR="$tmp/text-format" overlay_test TestProfTraceTextFormatVectors "$HERE/text-format/vectors_test.go"
      settle "$tmp/text-format/text-format-vectors.json" "$DATA/text-format-vectors.json"
      for bin in "$tmp"/text-format/text-wire/*.bin; do settle "$bin" "$DATA/text-wire/$(basename "$bin")"; done
      ;;
    wire-edge-cases)
      "$GO" run "$HERE/wire-edge-cases/main.go" "$(trace_tool)" >"$tmp/wire-edge-cases.json"
      settle "$tmp/wire-edge-cases.json" "$DATA/wire-edge-cases.json.gz"
      ;;
    wire)
      need_corpus wire
      tool="$(trace_tool)"
      for t in go1.22/annotations go1.23/cgo-callback go1.26/annotations go1.26/timers; do
        "$tool" -d=wire "$CORPUS/traces/$t.trace" >"$tmp/wire.txt"
        settle "$tmp/wire.txt" "$DATA/wire/${t%%/*}-${t#*/}.txt.gz"
      done
      ;;
    go-validation)
      need_corpus go-validation
      {
        for f in "$CORPUS"/traces/go*/*.trace; do
          printf 'corpus/%s/%s\t%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f" .trace)" "$f"
        done
        for f in "$REPO"/fixtures/traces/go*/*.trace; do
          printf 'fixtures/%s/%s\t%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f" .trace)" "$f"
        done
        for f in "$GOROOT_126"/src/internal/trace/internal/tracev1/testdata/*; do
          printf 'go-src/%s\t%s\n' "$(basename "$f")" "$f"
        done
      } >"$tmp/trace-list.tsv"
      TRACE_LIST="$tmp/trace-list.tsv" overlay_test TestProfTraceHarnessVerdicts "$HERE/go-validation/harness_test.go"
      {
        echo "# Go 1.26's reader + testtrace validator on each trace (tests/data/gen/run.sh go-validation)."
        echo "# label	sha256	events	invalid events (index:rules broken)	reader error"
        grep -P '^(corpus|fixtures|go-src)/' "$tmp/go-test.out"
      } >"$tmp/go-validation.tsv"
      settle "$tmp/go-validation.tsv" "$DATA/go-validation.tsv"
      ;;
    u64-metrics)
      need_corpus u64-metrics
      tool="$(trace_tool)"
      "$tool" -d=parsed "$DATA/u64-metrics/u64.trace" >"$tmp/parsed.txt"
      settle "$tmp/parsed.txt" "$DATA/u64-metrics/parsed.txt"
      (cd "$CORPUS/tools/goldengen" && "$GO" build -o "$tmp/goldengen" .)
      "$tmp/goldengen" golden -tool "$tool" -in "$DATA/u64-metrics/u64.trace" -out "$tmp/u64-golden" >"$tmp/goldengen.log" 2>&1 ||
        { cat "$tmp/goldengen.log" >&2; exit 1; }
      # One Heap counter event a line, as go tool trace's encoding/json wrote it.
      gzip -dc "$tmp/u64-golden/jsontrace.json.gz" | grep -o '{"name":"Heap","ph":"C"[^}]*}[^}]*}' >"$tmp/jsontrace-heap.txt"
      settle "$tmp/jsontrace-heap.txt" "$DATA/u64-metrics/jsontrace-heap.txt"
      ;;
    u64-ids)
      tool="$(trace_tool)"
      for t in "$DATA"/u64-ids/*.trace; do
        n="$(basename "$t" .trace)"
        "$tool" -d=parsed "$t" >"$tmp/$n.parsed.txt" 2>"$tmp/$n.stderr.txt" || true
        settle "$tmp/$n.parsed.txt" "$DATA/u64-ids/$n.parsed.txt"
        settle "$tmp/$n.stderr.txt" "$DATA/u64-ids/$n.stderr.txt"
      done
      # /jsontrace?taskid= for a task id past 2^53, from go tool trace's server.
      port=$((20000 + RANDOM % 20000))
      "$tool" -http="127.0.0.1:$port" "$DATA/u64-ids/bigtask.trace" >"$tmp/server.log" 2>&1 &
      srv=$!
      for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
      got=0
      curl -sf "http://127.0.0.1:$port/jsontrace?taskid=9007199254741023" >"$tmp/bigtask-taskid.json" && got=1
      kill "$srv"
      wait "$srv" 2>/dev/null || true
      [ $got = 1 ] || { echo "run.sh: no /jsontrace from go tool trace" >&2; cat "$tmp/server.log" >&2; exit 1; }
      settle "$tmp/bigtask-taskid.json" "$DATA/u64-ids/bigtask-taskid.json"
      ;;
    *)
      echo "run.sh: unknown name $name" >&2
      exit 2
      ;;
  esac
done
exit $failed
