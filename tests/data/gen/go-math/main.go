// Writes tests/data/go-math-vectors.json.gz's content to stdout: what math.Exp and math.Log
// return on this machine for a fixed set of inputs (the MMU plot's window exponents and logs, a
// pseudo-random sweep, edge cases), each double as its 16 hex digits of IEEE bits.
// On linux/amd64 Go runs assembly for both, and Exp takes a fused multiply-add path on CPUs
// with AVX and FMA; "fma" records whether this CPU has them (read from /proc/cpuinfo).
//
// Checked against the committed file by: bash tests/data/gen/run.sh go-math (--write to replace it).
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
)

type vectors struct {
	Go   string      `json:"go"`
	Arch string      `json:"arch"`
	FMA  bool        `json:"fma"`
	Exp  [][2]string `json:"exp"`
	Log  [][2]string `json:"log"`
}

func hex(x float64) string { return fmt.Sprintf("%016x", math.Float64bits(x)) }

// rng is a 64-bit linear congruential generator (Knuth's MMIX constants): the same inputs on
// every run and every machine.
type rng uint64

func (r *rng) next() uint64 {
	*r = *r*6364136223846793005 + 1442695040888963407
	return uint64(*r)
}

// uniform returns a double in [lo, hi).
func (r *rng) uniform(lo, hi float64) float64 {
	return lo + (hi-lo)*float64(r.next()>>11)/(1<<53)
}

func cpuHasAVXAndFMA() bool {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flags") {
			f := strings.Fields(line)
			has := func(s string) bool {
				for _, x := range f {
					if x == s {
						return true
					}
				}
				return false
			}
			return has("avx") && has("fma")
		}
	}
	return false
}

func main() {
	v := vectors{Go: runtime.Version(), Arch: runtime.GOOS + "/" + runtime.GOARCH, FMA: cpuHasAVXAndFMA()}
	var expIn, logIn []float64

	// The MMU plot: 100 windows between xMin and xMax, exp of a log-space interpolation.
	for _, xMin := range []float64{1, 1e3, 1e6, 1e9} {
		for _, xMax := range []float64{xMin * 1e6, 12345678, 987654321, 1234567890123, 3e9, 250e6} {
			if xMax <= xMin {
				continue
			}
			logMin, logMax := math.Log(xMin), math.Log(xMax)
			logIn = append(logIn, xMin, xMax)
			for i := 0; i < 100; i++ {
				expIn = append(expIn, float64(i)/(100-1)*(logMax-logMin)+logMin)
			}
		}
	}
	// Task histogram buckets: exp(b * log(10^(1/5))).
	logDiv := math.Log(math.Pow(10, 1.0/5))
	for b := 0; b < 100; b++ {
		expIn = append(expIn, float64(b)*logDiv)
	}

	r := rng(1)
	for i := 0; i < 1500; i++ {
		expIn = append(expIn, r.uniform(-30, 50))
	}
	for i := 0; i < 300; i++ {
		expIn = append(expIn, r.uniform(-745, 709.78))
	}
	for i := 0; i < 1000; i++ {
		logIn = append(logIn, math.Floor(r.uniform(1, 1e12)))
	}
	for i := 0; i < 700; i++ {
		logIn = append(logIn, math.Exp2(r.uniform(-1074, 1023)))
	}
	expIn = append(expIn, 0, math.Copysign(0, -1), 1, -1, 0.5, 709.78, 709.79, 710, -708, -740, -745.2, -746, -1e10, 1e-300, math.Inf(1), math.Inf(-1), math.NaN())
	logIn = append(logIn, 1, 2, 0.5, math.Sqrt2/2, math.E, 1e-310, 5e-324, math.MaxFloat64, 0, -1, math.Inf(1), math.NaN())

	for _, x := range expIn {
		v.Exp = append(v.Exp, [2]string{hex(x), hex(math.Exp(x))})
	}
	for _, x := range logIn {
		v.Log = append(v.Log, [2]string{hex(x), hex(math.Log(x))})
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
