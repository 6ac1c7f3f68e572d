// Writes tests/data/wire-edge-cases.json's content to stdout: synthetic traces with odd headers,
// truncations, huge values, quoting and rounding ties, and what go tool trace 1.26 answers for each
// with -d=wire and -d=footprint (stdout, stderr, exit code). tests/wire-dump.test.ts holds our dumps
// to those answers.
//
// Checked against the committed file by: bash tests/data/gen/run.sh wire-edge-cases (--write to replace it).
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// b builds trace bytes: event types as one byte, literal strings and bytes as they are,
// integers as uvarints.
func b(parts ...any) []byte {
	out := []byte{}
	for _, p := range parts {
		switch v := p.(type) {
		case ev:
			out = append(out, byte(v))
		case string:
			out = append(out, v...)
		case []byte:
			out = append(out, v...)
		case uint64:
			out = binary.AppendUvarint(out, v)
		case int:
			out = binary.AppendUvarint(out, uint64(v))
		default:
			panic(fmt.Sprintf("bad part %T", p))
		}
	}
	return out
}

func header(version string) string { return "go 1." + version + " trace\x00\x00\x00" }

// An event type of the 1.22+ wire format (internal/trace/tracev2): one byte.
type ev byte

const (
	evEventBatch         ev = 1
	evStacks             ev = 2
	evStack              ev = 3
	evStrings            ev = 4
	evString             ev = 5
	evCPUSamples         ev = 6
	evCPUSample          ev = 7
	evFrequency          ev = 8
	evProcStart          ev = 10
	evProcStop           ev = 11
	evGoStart            ev = 16
	evGoBlock            ev = 20
	evExperimentalBatch  ev = 49
	evSync               ev = 50
	evClockSnapshot      ev = 51
	evEndOfGeneration    ev = 52
	evSpan               ev = 128
	evGoroutineStackFree ev = 136
)

const (
	max64 = ^uint64(0)
	p53   = uint64(1) << 53
)

// str is a String event: its id and data with the length in front.
func str(id int, data string) []byte { return b(evString, id, len(data), data) }

// fullBody has every kind of batch and argument shape: huge values, stacks, strings that need
// quoting (escapes, non-printing runes, invalid UTF-8), CPU samples.
var fullBody = b(
	evEventBatch, 1, max64, p53+1, 5,
	evFrequency, 15625000,
	evEventBatch, 1, 7, p53+1, 100,
	evProcStart, 3, 0, 1,
	evGoStart, p53, 5, 2,
	evGoBlock, 1, 12, 0,
	evProcStop, 2,
	evStacks,
	evStack, 1, 2, 0x401000, 1, 2, 10, 0x401064, 3, 4, max64,
	evStack, 2, 0,
	evStrings,
	str(1, "hello \"world\" \\ \x00\a\b\f\n\r\t\v\x7f"),
	str(2, "héllo wörld ☺ 😀 \u00a0\u200b\u2028\ufeff\ufffd"),
	str(3, "bad \xff\xfe utf8 \xc3 \xe2\x82 \xed\xa0\x80 \xf0\x9f\x98 \xf4\x90\x80\x80"),
	str(4, ""),
	str(5, "\U000e0001\U0010fffd\u0378\u0600\u061c"),
	evCPUSamples,
	evCPUSample, 123, 4, 5, 6, 7,
	evFrequency, max64,
)

// experimentalTail adds the 1.26 events: an experimental batch, a clock snapshot, the end of a
// generation, a sync, two types without a name, and two experimental events.
var experimentalTail = b(
	evExperimentalBatch, 1, 1, 2, 3, 9, "\x01\x02binary\x80",
	evClockSnapshot, 1, 2, 3, 4,
	evEndOfGeneration,
	evSync,
	ev(60), ev(127),
	evSpan, 1, 2, 3, 4,
	evGoroutineStackFree, 5, 6,
)

type input struct {
	name  string
	bytes []byte
}

func repeat(typ ev, n int) []byte { return bytes.Repeat([]byte{byte(typ)}, n) }

func inputs() []input {
	full22 := b(header("22"), fullBody)
	return []input{
		{"header-only-1.22", b(header("22"))},
		{"header-only-1.26", b(header("26"))},
		{"empty", b()},
		{"not-a-trace", b("this is not a trace at all")},
		{"unknown-version-99", b(header("99"))},
		{"unknown-version-0", b(header("0"))},
		{"version-overflows-uint32", b(header("4294967318"))},
		{"v1-1.21-header", b(header("21"), "A\x01\x02\x03")},
		{"v1-1.11-header", b(header("11"), "\x00")},
		{"truncated-header", b(header("22")[:15])},
		{"header-newline", b("go 1.22\ntrace\x00\x00\x00")},
		{"header-odd-spaces", b("go\u00a0\t1.\r 022\u3000 trace\x00\x00\x00", fullBody)},
		{"header-no-space", b("go1.22 trace\x00\x00\x00", evStacks)},
		{"header-crlf-before-number", b("go 1.\r\n22 trace\x00\x00\x00", evStacks)},
		{"full-1.22", full22},
		{"full-1.23", b(header("23"), fullBody)},
		{"full-1.25", b(header("25"), fullBody)},
		{"full-1.26-experimental", b(header("26"), fullBody, experimentalTail)},
		{"type-137-in-1.26", b(header("26"), evStacks, ev(137))},
		{"type-0", b(header("22"), evStacks, ev(0))},
		{"type-50-in-1.22", b(header("22"), evStacks, evSync)},
		{"type-52-in-1.25", b(header("25"), evClockSnapshot, 1, 2, 3, 4, evEndOfGeneration)},
		{"truncated-mid-varint", b(header("22"), evFrequency, "\x80\x80")},
		{"truncated-after-type", b(header("22"), evStacks, evFrequency, 5, evFrequency)},
		{"truncated-between-args", b(header("22"), evStacks, evEventBatch, 1, 2)},
		{"truncated-in-string-data", b(header("22"), evStrings, evString, 1, 10, "ab")},
		{"truncated-in-string-length", b(header("22"), evStrings, evString, 1, "\x80")},
		{"truncated-in-stack-frames", b(header("22"), evStack, 1, 5, 1, 2, 3, 4)},
		{"truncated-full-1.22-at-900", full22[:168]},
		{"overflow-11-bytes", b(header("22"), evFrequency, bytes.Repeat([]byte{0xff}, 11))},
		{"overflow-10th-byte-2", b(header("22"), evFrequency, bytes.Repeat([]byte{0xff}, 9), "\x02")},
		{"max-10th-byte-1", b(header("22"), evFrequency, max64)},
		{"padded-varints", b(header("22"), evFrequency, "\x85\x80\x80\x00", evStacks, evStack, "\x80\x00", "\x81\x00")},
		{"stack-nframes-2^63", b(header("22"), evStack, 1, uint64(1)<<63, evStacks)},
		{"stack-nframes-2^63-1", b(header("22"), evStack, 1, uint64(1)<<63-1, evStacks)},
		{"string-len-2^63", b(header("22"), evString, 1, uint64(1)<<63, evStacks)},
		{"varint-length-boundaries", b(header("22"),
			evFrequency, uint64(1)<<56-1, evFrequency, uint64(1)<<63-1, evFrequency, uint64(1)<<49-1, evFrequency, p53+1,
			evStack, 1, 1, uint64(1)<<56-1, uint64(1)<<63-1, uint64(1)<<62, p53-1)},
		{"ties-1-of-800", b(header("22"), repeat(evStacks, 799), evStrings)},
		{"ties-3-5-of-800", b(header("22"), repeat(evStacks, 792), repeat(evStrings, 3), repeat(evCPUSamples, 5))},
		{"few-1-byte-events", b(header("26"), evStacks, evStrings, evCPUSamples, evSync, evEndOfGeneration)},
	}
}

type result struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Exit   int    `json:"exit"`
}

type edgeCase struct {
	Name      string `json:"name"`
	Input     []byte `json:"input"`
	Wire      result `json:"wire"`
	Footprint result `json:"footprint"`
}

// run runs the trace tool in one debug mode on a file.
func run(tool, mode, file string) result {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(tool, "-d="+mode, file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := result{}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r.Exit = exit.ExitCode()
	}
	r.Stdout, r.Stderr = stdout.String(), stderr.String()
	return r
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: main TRACE_TOOL")
		os.Exit(2)
	}
	tool := os.Args[1]
	dir, err := os.MkdirTemp("", "wire-edge-cases")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var out []edgeCase
	for _, in := range inputs() {
		file := filepath.Join(dir, "trace")
		if err := os.WriteFile(file, in.bytes, 0o644); err != nil {
			panic(err)
		}
		out = append(out, edgeCase{Name: in.name, Input: in.bytes, Wire: run(tool, "wire", file), Footprint: run(tool, "footprint", file)})
	}
	j, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(j)
}
