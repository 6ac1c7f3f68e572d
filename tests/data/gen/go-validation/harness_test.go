// What Go's own test harness says of each trace: for every file listed in $TRACE_LIST
// ("label<TAB>path" lines), read it with internal/trace's reader and check each event with
// internal/trace/testtrace's validator, printing one line per trace:
//
//	label <TAB> sha256 <TAB> events <TAB> invalid <TAB> reader error
//
// where invalid lists "index:count" (the event's position in the stream and how many rules it
// broke) for every rejected event, or "-". internal packages are only importable from inside
// GOROOT, so tests/data/gen/run.sh overlays this file into internal/trace as an extra test;
// nothing in GOROOT is written.
package trace_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"internal/trace"
	"internal/trace/testtrace"
)

func TestProfTraceHarnessVerdicts(t *testing.T) {
	list := os.Getenv("TRACE_LIST")
	if list == "" {
		t.Skip("TRACE_LIST not set")
	}
	data, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		label, path, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad list line %q", line)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		events, invalid, readErr := verdict(raw)
		if len(invalid) == 0 {
			invalid = []string{"-"}
		}
		errText := "-"
		if readErr != nil {
			errText = strings.ReplaceAll(readErr.Error(), "\n", " ")
		}
		fmt.Fprintf(out, "%s\t%s\t%d\t%s\t%s\n", label, hex.EncodeToString(sum[:]), events, strings.Join(invalid, ","), errText)
	}
}

// verdict reads one trace to its end (or its first error) and validates every event read.
func verdict(raw []byte) (events int, invalid []string, readErr error) {
	r, err := trace.NewReader(strings.NewReader(string(raw)))
	if err != nil {
		return 0, nil, err
	}
	v := testtrace.NewValidator()
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return events, invalid, nil
		}
		if err != nil {
			return events, invalid, err
		}
		v.GoVersion = r.GoVersion()
		if err := v.Event(ev); err != nil {
			invalid = append(invalid, fmt.Sprintf("%d:%d", events, len(strings.Split(err.Error(), "\n"))))
		}
		events++
	}
}
