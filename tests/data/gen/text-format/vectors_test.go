// Reference outputs of Go 1.26's trace text format for tests/text-format.test.ts: what
// internal/trace/raw's text reader and writer, internal/trace/testtrace (ParseFile, expectations),
// internal/txtar, strconv and regexp make of Go's conformance tests and of edge-case inputs.
// Writes $OUT_DIR/text-format-vectors.json and $OUT_DIR/text-wire/*.bin.
//
// The packages are internal to GOROOT, so tests/data/gen/run.sh (text-format) overlays this file
// into internal/trace as an extra test (go test -overlay); GOROOT itself is not modified.
package trace_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"internal/trace/raw"
	"internal/trace/testtrace"
	"internal/txtar"
)

type conformanceRef struct {
	WireSha256          string `json:"wireSha256"`
	WireLength          int    `json:"wireLength"`
	CanonicalTextSha256 string `json:"canonicalTextSha256"`
	Version             int    `json:"version"`
	Failure             bool   `json:"failure"`
}

type textReaderCase struct {
	Name  string `json:"name"`
	Input []byte `json:"input"`
	// The input gets Pad spaces inserted at byte PadAt (to reach bufio.Scanner's line limit).
	PadAt   int    `json:"padAt,omitempty"`
	Pad     int    `json:"pad,omitempty"`
	Version int    `json:"version,omitempty"`
	Wire    []byte `json:"wire,omitempty"`
	Error   string `json:"error,omitempty"`
}

type quoteCase struct {
	In           []byte `json:"in"`
	Quote        string `json:"quote"`
	Unquote      []byte `json:"unquote,omitempty"`
	UnquoteError bool   `json:"unquoteError,omitempty"`
}

type expectationCase struct {
	Input   string `json:"input"`
	Failure bool   `json:"failure,omitempty"`
	Pattern string `json:"pattern,omitempty"`
	Error   string `json:"error,omitempty"`
}

type regexpCases struct {
	Matches  []string `json:"matches"`
	Patterns []string `json:"patterns"`
	Texts    []string `json:"texts"`
}

type txtarFile struct {
	Name string
	Data string
}

type txtarCase struct {
	Comment string      `json:"comment"`
	Files   []txtarFile `json:"files"`
}

type vectors struct {
	About       string                    `json:"about"`
	Conformance map[string]conformanceRef `json:"conformance"`
	Expectation []expectationCase         `json:"expectation"`
	Quote       []quoteCase               `json:"quote"`
	Regexp      regexpCases               `json:"regexp"`
	TextReader  []textReaderCase          `json:"textReader"`
	Txtar       txtarCase                 `json:"txtar"`
}

// The conformance tests whose wire bytes are also kept whole (tests/data/text-wire/*.bin).
var keptWire = []string{"go122-syscall-steal-proc-simple.test", "go125-sync.test"}

// The archive tests/text-format.test.ts parses: trimmed names, a bad marker kept as data, a final newline added.
const txtarInput = "comment\n-- a --\nA\n--  b c  --\nB\n-- --\n-- c --\nC"

func TestProfTraceTextFormatVectors(t *testing.T) {
	out := os.Getenv("OUT_DIR")
	if out == "" {
		t.Skip("OUT_DIR not set")
	}
	v := vectors{
		About:       "Reference outputs of Go 1.26 (internal/trace/raw, testtrace, txtar, strconv, regexp) for tests/text-format.test.ts",
		Conformance: map[string]conformanceRef{},
	}

	// Go's conformance suite (the test runs in internal/trace's directory): the wire bytes
	// ParseFile makes, read back and written as text.
	dir := "testdata/tests"
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance tests in %s: %v", dir, err)
	}
	sort.Strings(files)
	if err := os.MkdirAll(filepath.Join(out, "text-wire"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		r, ver, exp, err := testtrace.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wire, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		text := canonicalText(t, wire)
		name := filepath.Base(f)
		sum, textSum := sha256.Sum256(wire), sha256.Sum256(text)
		v.Conformance[name] = conformanceRef{
			WireSha256:          hex.EncodeToString(sum[:]),
			WireLength:          len(wire),
			CanonicalTextSha256: hex.EncodeToString(textSum[:]),
			Version:             int(ver),
			Failure:             exp.Check(nil) != nil,
		}
		for _, k := range keptWire {
			if k == name {
				bin := filepath.Join(out, "text-wire", strings.TrimSuffix(name, ".test")+".bin")
				if err := os.WriteFile(bin, wire, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	for _, c := range textReaderCases {
		input := c.Input
		if c.Pad > 0 {
			input = append(append(append([]byte{}, input[:c.PadAt]...), bytes.Repeat([]byte(" "), c.Pad)...), input[c.PadAt:]...)
		}
		c.Version, c.Wire, c.Error = readText(input)
		v.TextReader = append(v.TextReader, c)
	}

	for _, s := range quoteOnly {
		v.Quote = append(v.Quote, quoteCase{In: []byte(s), Quote: strconv.Quote(s)})
	}
	for _, s := range quoteAndUnquote {
		c := quoteCase{In: []byte(s), Quote: strconv.Quote(s)}
		if u, err := strconv.Unquote(s); err != nil {
			c.UnquoteError = true
		} else {
			c.Unquote = []byte(u)
		}
		v.Quote = append(v.Quote, c)
	}

	for _, in := range expectations {
		c := expectationCase{Input: in}
		exp, err := testtrace.ParseExpectation([]byte(in))
		if err != nil {
			c.Error = err.Error()
		} else if err := exp.Check(nil); err != nil {
			c.Failure = true
			c.Pattern = err.Error()
		}
		v.Expectation = append(v.Expectation, c)
	}

	v.Regexp = regexpCases{Patterns: regexpPatterns, Texts: regexpTexts}
	for _, p := range regexpPatterns {
		re, err := regexp.Compile(p)
		if err != nil {
			v.Regexp.Matches = append(v.Regexp.Matches, "error")
			continue
		}
		var m strings.Builder
		for _, s := range regexpTexts {
			if re.MatchString(s) {
				m.WriteByte('1')
			} else {
				m.WriteByte('0')
			}
		}
		v.Regexp.Matches = append(v.Regexp.Matches, m.String())
	}

	ar := txtar.Parse([]byte(txtarInput))
	v.Txtar.Comment = string(ar.Comment)
	for _, f := range ar.Files {
		v.Txtar.Files = append(v.Txtar.Files, txtarFile{f.Name, string(f.Data)})
	}

	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "text-format-vectors.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// canonicalText reads wire bytes back and writes them in the text format.
func canonicalText(t *testing.T, wire []byte) []byte {
	r, err := raw.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := raw.NewTextWriter(&buf, r.Version())
	if err != nil {
		t.Fatal(err)
	}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return buf.Bytes()
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
}

// readText reads a text trace to its end: its version, its wire encoding, or the first error.
func readText(input []byte) (version int, wire []byte, errText string) {
	r, err := raw.NewTextReader(bytes.NewReader(input))
	if err != nil {
		return 0, nil, err.Error()
	}
	var buf bytes.Buffer
	w, err := raw.NewWriter(&buf, r.Version())
	if err != nil {
		return int(r.Version()), nil, err.Error()
	}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return int(r.Version()), buf.Bytes(), ""
		}
		if err != nil {
			return int(r.Version()), nil, err.Error()
		}
		if err := w.WriteEvent(ev); err != nil {
			return int(r.Version()), nil, err.Error()
		}
	}
}

// Inputs of the text-format reader: headers, events, arguments, stacks, string data, line limits.
var textReaderCases = []textReaderCase{
	{Name: "empty", Input: []byte("")},
	{Name: "only-comments", Input: []byte("# c\n\n   \n")},
	{Name: "header-only", Input: []byte("Trace Go1.22")},
	{Name: "header-comment-blank-lines", Input: []byte("\n# hi\n  Trace   Go1.26   # trailing\n")},
	{Name: "header-bad-word", Input: []byte("Trace2 Go1.22\n")},
	{Name: "header-bad-go", Input: []byte("Trace go1.22\n")},
	{Name: "header-bad-number", Input: []byte("Trace Go1.x\n")},
	{Name: "header-huge-number", Input: []byte("Trace Go1.99999999999999999999\n")},
	{Name: "header-empty-number", Input: []byte("Trace Go1.\n")},
	{Name: "header-unknown-version", Input: []byte("Trace Go1.24\n")},
	{Name: "header-wrapping-version", Input: []byte("Trace Go1.4294967318\n")},
	{Name: "header-trailing", Input: []byte("Trace Go1.22 x\n")},
	{Name: "header-v1", Input: []byte("Trace Go1.21\nFrequency freq=1\n")},
	{Name: "simple", Input: []byte("Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=0 size=5\nFrequency freq=15625000\n")},
	{Name: "crlf", Input: []byte("Trace Go1.22\r\nFrequency freq=1\r\nStacks\r\n")},
	{Name: "tabs-and-unicode-spaces", Input: []byte("Trace Go1.22\n\tFrequency\xc2\xa0 freq=3\xe3\x80\x80\n")},
	{Name: "comment-after-args", Input: []byte("Trace Go1.22\nFrequency freq=1 # c\n")},
	{Name: "comment-glued-to-name", Input: []byte("Trace Go1.22\nStacks#c\n")},
	{Name: "unknown-event", Input: []byte("Trace Go1.22\nBogus x=1\n")},
	{Name: "event-from-later-version", Input: []byte("Trace Go1.22\nClockSnapshot dt=1 mono=2 sec=3 nsec=4\n")},
	{Name: "missing-arg", Input: []byte("Trace Go1.22\nFrequency\n")},
	{Name: "wrong-arg-name", Input: []byte("Trace Go1.22\nFrequency f=1\n")},
	{Name: "malformed-arg", Input: []byte("Trace Go1.22\nFrequency freq\n")},
	{Name: "bad-arg-value", Input: []byte("Trace Go1.22\nFrequency freq=-1\n")},
	{Name: "arg-value-with-equals", Input: []byte("Trace Go1.22\nFrequency freq=1=2\n")},
	{Name: "arg-value-too-big", Input: []byte("Trace Go1.22\nFrequency freq=18446744073709551616\n")},
	{Name: "arg-value-max", Input: []byte("Trace Go1.22\nFrequency freq=18446744073709551615\n")},
	{Name: "arg-value-leading-zeros", Input: []byte("Trace Go1.22\nFrequency freq=000123\n")},
	{Name: "extra-arg", Input: []byte("Trace Go1.22\nFrequency freq=1 x=2\n")},
	{Name: "stack", Input: []byte("Trace Go1.22\nStack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n# comment\n\n\tpc=5 func=6 file=7 line=18446744073709551615\nStack id=2 nframes=0\n")},
	{Name: "stack-eof", Input: []byte("Trace Go1.22\nStack id=1 nframes=3\n\tpc=1 func=2 file=3 line=4\n")},
	{Name: "stack-bad-frame", Input: []byte("Trace Go1.22\nStack id=1 nframes=1\n\tpc=1 func=2 file=3\n")},
	{Name: "stack-frame-extra", Input: []byte("Trace Go1.22\nStack id=1 nframes=1\n\tpc=1 func=2 file=3 line=4 x\n")},
	{Name: "stack-huge-nframes", Input: []byte("Trace Go1.22\nStack id=1 nframes=9223372036854775808\nStacks\n")},
	{Name: "string-data", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"hello\\x00\\u00e9\\U0001F600\\101\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"\n")},
	{Name: "string-empty-data", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"\"\n")},
	{Name: "string-raw-data", Input: []byte("Trace Go1.22\nString id=1\n\tdata=`raw \\x \r text`\n")},
	{Name: "string-char-data", Input: []byte("Trace Go1.22\nString id=1\n\tdata='\\''\n")},
	{Name: "string-empty-char-data", Input: []byte("Trace Go1.22\nString id=1\n\tdata=''\n")},
	{Name: "string-spaces-around", Input: []byte("Trace Go1.22\nString id=1\n  data  =   \"x y\"   \n")},
	{Name: "string-invalid-utf8-plain", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"a\xffb\"\n")},
	{Name: "string-invalid-utf8-escaped", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"a\xff\\nb\"\n")},
	{Name: "string-truncated-utf8", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"\xf0\x9f\x98\"\n")},
	{Name: "string-bad-escape", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"\\q\"\n")},
	{Name: "string-bad-octal", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"\\400\"\n")},
	{Name: "string-surrogate-escape", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"\\ud800\"\n")},
	{Name: "string-trailing-text", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"x\" # c\n")},
	{Name: "string-unterminated", Input: []byte("Trace Go1.22\nString id=1\n\tdata=\"x\n")},
	{Name: "string-not-data", Input: []byte("Trace Go1.22\nString id=1\n\tdat=\"x\"\n")},
	{Name: "string-no-equals", Input: []byte("Trace Go1.22\nString id=1\n\t\"x\"\n")},
	{Name: "string-eof", Input: []byte("Trace Go1.22\nString id=7\n")},
	{Name: "experimental-batch", Input: []byte("Trace Go1.26\nExperimentalBatch exp=1 gen=2 m=3 time=4\n\tdata=\"\\x01\\x02\"\nSpan dt=1 id=2 npages_value=3 kindclass=4\nEndOfGeneration\n")},
	{Name: "long-line", Input: []byte("Trace Go1.22\nFrequency freq=1\n"), PadAt: 29, Pad: 70000},
	{Name: "line-65535", Input: []byte("Trace Go1.22\nFrequency freq=1\nStacks\n"), PadAt: 29, Pad: 65519},
	{Name: "line-65536", Input: []byte("Trace Go1.22\nFrequency freq=1\nStacks\n"), PadAt: 29, Pad: 65520},
	{Name: "no-final-newline", Input: []byte("Trace Go1.22\nStacks")},
}

// Byte strings for strconv.Quote: escapes, printable and non-printable runes, invalid UTF-8.
var quoteOnly = []string{
	"",
	"abc",
	"a\"b\\c",
	"\x00\x07\x08\x0c\n\r\t\x0b\x1f\x7f",
	"é☺😀",
	"\xc2\xa0\xc2\xad\xcd\xb8\xd8\x80\xe2\x80\x8b\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\xef\xbf\xbd\xef\xbf\xbf",
	"\xf3\xa0\x80\x81\xf4\x8f\xbf\xbd🯹\xf0\xb2\x8e\xaf",
	"\xff",
	"\xc3",
	"\xc3(",
	"\xe2\x82",
	"\xed\xa0\x80",
	"\xf0\x9f\x98",
	"\xf4\x90\x80\x80",
	"\xc0\x80",
	"\xf8\x88\x80\x80\x80",
	"ᾏำⰯẞഄ㇣\xe3\x87\xa4\xf0\x9f\x9b\x9c\xf0\x9f\xa9\xb5\xf0\x9f\xab\xa8󠇯\xf0\xb1\x8d\x90\xf0\xae\xaf\xb0",
}

// Quoted forms (and near misses), also unquoted.
var quoteAndUnquote = []string{
	"\"\"",
	"\"abc\"",
	"\"\\x41\\u00e9\\U0001F600\\101\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"",
	"\"\\'\"",
	"'\\''",
	"'\\\"'",
	"'a'",
	"'ab'",
	"''",
	"`raw\\n\r`",
	"`a`b`",
	"\"a\"b\"",
	"\"a",
	"a\"",
	"\"",
	"",
	"\"\\400\"",
	"\"\\377\"",
	"\"\\x4\"",
	"\"\\xg1\"",
	"\"\\u12\"",
	"\"\\ud800\"",
	"\"\\U00110000\"",
	"\"\\q\"",
	"\"a\nb\"",
	"\"a\xffb\"",
	"\"a\xff\\nb\"",
	"'\\xff'",
	"'\\u00e9'",
	"'\xff'",
	"'é'",
	"\"\\0\"",
	"\"\\08\"",
	"\"\\7\"",
	"\"\\\\\"",
	"\"\\\"",
	"\"é\"",
	"\"\\x80\"",
	"\"tab\ttab\"",
}

// Expectation files (the "expect" part of a conformance test).
var expectations = []string{
	"SUCCESS\n",
	"SUCCESS",
	"",
	"\n",
	"SUCCESS extra\n",
	"FAILURE \"a.*b\"\n",
	"FAILURE\n",
	"FAILURE a\n",
	"FAILURE \"(\"\n",
	"FAILURE `x\\d+`\n",
	"BOGUS\n",
	"FAILURE  \"x\"\n",
	"success\n",
	"FAILURE \"x\"\nSUCCESS\n",
	"\nFAILURE \"x\"\n",
}

// Regular expressions (as an expectation's FAILURE line holds them) and texts to match.
var regexpPatterns = []string{
	".*expected a proc but didn't have one.*",
	"expected a proc but didn't have one",
	"^a.c$",
	"a.c",
	"\\d+",
	"\\s",
	"\\w+\\W",
	"[[:alpha:]]+[[:digit:]]",
	"[^a-z]",
	"x{2,3}",
	"x{2}",
	"a{,2}",
	"{",
	"a|b",
	"(?i)abc",
	"(?s)a.b",
	"(?m)^b$",
	"^b$",
	"\\Qa.b\\E",
	"\\.\\-\\#",
	"[\\]]",
	"[]a]",
	"[\\-x]",
	"(?P<n>a)b",
	"\\x41\\x{42}",
	"\\pL\\p{Lu}",
	"\\z",
	"\\Aa",
	"a$",
	"é.",
	"a.b",
	"\\bfoo\\b",
	"[\\d\\s]+",
	"a*?b",
	"a+?",
	"(?:ab)+",
	"\\101",
	"\\0",
	"[[:^digit:]]",
	"\\S+",
	"\\D",
	"}",
	"a]",
	"x/y",
	"[^a[:^digit:]]",
	"[a\\S]",
	"[^\\D]",
	"[[:^space:]x]",
	"(?i)[^a]",
	"[\\x41-\\x43]+",
	"[^\\n]",
	"\\x{1F600}",
	"(?is)A.B",
	"[[:punct:]]",
	"[^-a]",
	"[a-]",
	"\\$\\^",
	"(a|b)*c",
}

var regexpTexts = []string{
	"",
	"abc",
	"ABC",
	"a\nb\nc",
	"a.b",
	"a-#",
	"xx",
	"xxx",
	"a{,2}",
	"{",
	"é\n",
	"a😀b",
	"foo bar",
	"9 8",
	"\xc2\xa0",
	"\x0b",
	"x]",
	"A",
	"AB",
	"12ab",
	"a]",
	"x/y",
	"abab",
	"\x00",
	"a\r\nb",
	"a\xe2\x80\xa8b",
	"a\n",
	"5",
	"b",
	"1a",
	"😀",
	" ",
	"$^",
	"c",
	"abc!",
	"-",
}
