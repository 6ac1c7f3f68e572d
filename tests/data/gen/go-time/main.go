// Writes tests/data/go-time-vectors.json's content to stdout: what go tool trace prints as a sync
// event's wall clock, time.Unix(int64(sec), int64(nsec)).Format(time.RFC3339Nano) in UTC, for
// uint64 (sec, nsec) pairs as a trace carries them: ordinary clocks, edges of int64 and uint64,
// nanoseconds past a second, and a pseudo-random sweep over all 64 bits.
//
// Checked against the committed file by: bash tests/data/gen/run.sh go-time (--write to replace it).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type vector struct {
	Sec  string `json:"sec"`
	Nsec string `json:"nsec"`
	Text string `json:"text"`
}

func main() {
	edges := []uint64{0, 1, 59, 1e9, 1764979200, 253402300799, 253402300800, 1 << 53, 1<<53 + 1,
		8946670875742253474, 1<<63 - 1, 1 << 63, 1<<63 + 1, 1<<64 - 1, 1<<64 - 86400, 1<<62 + 12345}
	nsecs := []uint64{0, 1, 999999999, 1e9, 1e9 + 5, 775334601, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	var out []vector
	add := func(s, n uint64) {
		t := time.Unix(int64(s), int64(n)).UTC().Format(time.RFC3339Nano)
		out = append(out, vector{fmt.Sprint(s), fmt.Sprint(n), t})
	}
	for _, s := range edges {
		for _, n := range nsecs {
			add(s, n)
		}
	}
	x := uint64(0x9e3779b97f4a7c15)
	for i := 0; i < 500; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		y := x*6364136223846793005 + 1442695040888963407
		add(x>>uint(i%64), y>>uint((i*7)%64))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
