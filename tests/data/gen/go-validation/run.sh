#!/usr/bin/env bash
# run.sh — what Go's own test harness (internal/trace's reader + testtrace's validator) says of
# every trace our validator test reads: the shared corpus, fixtures/traces and Go's tracev1 test
# traces. Writes tests/data/go-validation.tsv, or with --check compares with the committed file.
#
# harness_test.go is overlaid into GOROOT's internal/trace package (go test -overlay) because
# internal packages cannot be imported from elsewhere; GOROOT itself is not modified.
# Needs /usr/lib/go-1.26 (scripts/install-go.sh 1.26) and ../shared/corpus.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../../.." && pwd)"
CORPUS="${PROF_TRACE_CORPUS:-$REPO/../shared/corpus}"
GOROOT_126=/usr/lib/go-1.26
OUT="$REPO/tests/data/go-validation.tsv"
[ -x "$GOROOT_126/bin/go" ] || { echo "run.sh: $GOROOT_126 missing (scripts/install-go.sh 1.26)" >&2; exit 1; }
[ -d "$CORPUS/traces" ] || { echo "run.sh: no corpus at $CORPUS" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
{
  for f in "$CORPUS"/traces/go*/*.trace; do
    v="$(basename "$(dirname "$f")")"; printf 'corpus/%s/%s\t%s\n' "$v" "$(basename "$f" .trace)" "$f"
  done
  for f in "$REPO"/fixtures/traces/go*/*.trace; do
    v="$(basename "$(dirname "$f")")"; printf 'fixtures/%s/%s\t%s\n' "$v" "$(basename "$f" .trace)" "$f"
  done
  for f in "$GOROOT_126"/src/internal/trace/internal/tracev1/testdata/*; do
    printf 'go-src/%s\t%s\n' "$(basename "$f")" "$f"
  done
} >"$tmp/list.tsv"
printf '{"Replace":{"%s":"%s"}}\n' "$GOROOT_126/src/internal/trace/zz_proftrace_harness_test.go" "$HERE/harness_test.go" >"$tmp/overlay.json"

export GOTOOLCHAIN=local GOFLAGS= GOTELEMETRY=off
(cd "$tmp" && TRACE_LIST="$tmp/list.tsv" "$GOROOT_126/bin/go" test -count=1 -v -overlay "$tmp/overlay.json" \
  -run '^TestProfTraceHarnessVerdicts$' internal/trace) >"$tmp/go.out" 2>&1 || { cat "$tmp/go.out" >&2; exit 1; }
{
  echo "# Go 1.26's reader + testtrace validator on each trace (tests/data/gen/go-validation/run.sh)."
  echo "# label	sha256	events	invalid events (index:rules broken)	reader error"
  grep -P '^(corpus|fixtures|go-src)/' "$tmp/go.out"
} >"$tmp/go-validation.tsv"

if [ "${1:-}" = "--check" ]; then
  if diff -u "$OUT" "$tmp/go-validation.tsv"; then echo "go-validation.tsv: reproduced"; else echo "go-validation.tsv differs" >&2; exit 1; fi
else
  cp "$tmp/go-validation.tsv" "$OUT"
  echo "wrote $OUT ($(grep -vc '^#' "$OUT") traces)"
fi
