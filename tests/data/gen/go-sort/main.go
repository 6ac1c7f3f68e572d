// Writes tests/data/go-sort-vectors.json: how Go's slices.SortFunc permutes generated (key, tag)
// slices and which comparisons it makes, so tests/go-sort.test.ts can hold parser/go/go-sort.ts to
// the same tie order and comparison sequence. The inputs (patterns, random numbers, seeds) are
// generated the same way by the test.
//
// Checked against the committed file by: bash tests/data/gen/run.sh go-sort (--write to replace it).
package main

import (
	"encoding/json"
	"os"
	"slices"
)

// mulberry32: a small 32-bit generator that JavaScript can reproduce exactly.
type mulberry32 uint32

func (r *mulberry32) next() uint32 {
	*r += 0x6d2b79f5
	t := uint32(*r)
	t = (t ^ t>>15) * (t | 1)
	t ^= t + (t^t>>7)*(t|61)
	return t ^ t>>14
}

// keys returns n sort keys of a pattern: 0 random in [0,m), 1 sorted runs of m, 2 reversed runs,
// 3 sawtooth of period m, 4 organ pipe (runs of m), 5 all equal, 6/7 sorted/reversed with m swaps.
func keys(p, n, m int, seed uint32) []int {
	r := mulberry32(seed)
	k := make([]int, n)
	for i := range k {
		switch p {
		case 0:
			k[i] = int(r.next() % uint32(m))
		case 1:
			k[i] = i / m
		case 2:
			k[i] = (n - 1 - i) / m
		case 3:
			k[i] = i % m
		case 4:
			k[i] = min(i, n-1-i) / m
		case 5:
			k[i] = 7
		case 6:
			k[i] = i
		case 7:
			k[i] = n - 1 - i
		}
	}
	if (p == 6 || p == 7) && n > 0 {
		for j := 0; j < m; j++ {
			a := r.next() % uint32(n)
			b := r.next() % uint32(n)
			k[a], k[b] = k[b], k[a]
		}
	}
	return k
}

const fnvOffset = 2166136261

func fold(h, w uint32) uint32 { return (h ^ w) * 16777619 }

type item struct{ key, tag int }

type spec struct{ p, n, m, cmp int }

// run sorts case number index (0-based) and returns its vector entry.
func run(c spec, index int) []any {
	seed := uint32(index+1) * 2654435761
	k := keys(c.p, c.n, c.m, seed)
	a := make([]item, c.n)
	for i := range a {
		a[i] = item{k[i], i}
	}
	crng := mulberry32(seed ^ 0x9e3779b9)
	// Comparator 2 is McIlroy's adversary ("A killer adversary for quicksort"): values are fixed
	// lazily so that the sort does as badly as it can, and consistently.
	gas := c.n + 1
	val := make([]int, c.n)
	for i := range val {
		val[i] = gas
	}
	nsolid, candidate := 0, 0
	ncmp := 0
	cmpHash := uint32(fnvOffset)
	slices.SortFunc(a, func(x, y item) int {
		ncmp++
		cmpHash = fold(cmpHash, uint32(x.tag<<16|y.tag))
		switch c.cmp {
		case 1:
			if crng.next()%8 == 0 {
				return int(crng.next()%3) - 1
			}
		case 2:
			if val[x.tag] == gas && val[y.tag] == gas {
				if x.tag == candidate {
					val[x.tag] = nsolid
				} else {
					val[y.tag] = nsolid
				}
				nsolid++
			}
			if val[x.tag] == gas {
				candidate = x.tag
			} else if val[y.tag] == gas {
				candidate = y.tag
			}
			return val[x.tag] - val[y.tag]
		case 3:
			return -1
		}
		switch {
		case x.key < y.key:
			return -1
		case x.key > y.key:
			return 1
		}
		return 0
	})
	orderHash := uint32(fnvOffset)
	for _, it := range a {
		orderHash = fold(orderHash, uint32(it.tag))
	}
	out := []any{c.p, c.n, c.m, c.cmp, orderHash, ncmp, cmpHash}
	if c.p == 0 && c.m == 3 && c.n <= 40 {
		tags := []int{}
		for _, it := range a {
			tags = append(tags, it.tag)
		}
		out = append(out, tags)
	}
	return out
}

func main() {
	var cases []spec
	// Every length 0..200: each pattern with small and large parameters, plus noisy comparators.
	for n := 0; n <= 200; n++ {
		cases = append(cases,
			spec{0, n, 2, 0}, spec{0, n, 3, 0}, spec{0, n, 7, 0}, spec{0, n, n + 1, 0},
			spec{1, n, 1, 0}, spec{1, n, 3, 0}, spec{2, n, 1, 0}, spec{2, n, 3, 0},
			spec{3, n, 5, 0}, spec{3, n, 17, 0}, spec{4, n, 1, 0}, spec{5, n, 1, 0},
			spec{6, n, 3, 0}, spec{7, n, 3, 0}, spec{0, n, 4, 1}, spec{0, n, n + 1, 1})
	}
	// The adversary and the always-less comparator on a spread of lengths.
	for n := 13; n < 200; n += 7 {
		cases = append(cases, spec{5, n, 1, 2}, spec{5, n, 1, 3})
	}
	// Long inputs: past the insertion-sort and ninther thresholds.
	for _, n := range []int{1000, 2049, 5000} {
		cases = append(cases,
			spec{5, n, 1, 2}, spec{5, n, 1, 3},
			spec{0, n, 2, 0}, spec{0, n, 10, 0}, spec{0, n, n + 1, 0},
			spec{1, n, 1, 0}, spec{1, n, 4, 0}, spec{2, n, 1, 0}, spec{2, n, 4, 0},
			spec{3, n, 7, 0}, spec{3, n, 100, 0}, spec{4, n, 1, 0}, spec{4, n, 3, 0},
			spec{5, n, 1, 0}, spec{6, n, 5, 0}, spec{7, n, 5, 0},
			spec{0, n, 5, 1}, spec{0, n, n + 1, 1})
	}
	out := struct {
		About   string  `json:"about"`
		Cases   [][]any `json:"cases"`
		Version string  `json:"version"`
	}{
		About: "Reference results of Go 1.26 slices.SortFunc on generated (key, tag) slices sorted by key; " +
			"see tests/go-sort.test.ts for the generator. Each case: [pattern, n, m, comparator (0 keys, 1 noisy keys, " +
			"2 McIlroy adversary, 3 always less), orderHash, comparisons, comparisonHash, fullTagOrder?]. " +
			"Seed of case i (1-based) = i*2654435761 mod 2^32.",
		Version: "go1.26",
	}
	for i, c := range cases {
		out.Cases = append(out.Cases, run(c, i))
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	if _, err := os.Stdout.Write(b); err != nil {
		panic(err)
	}
}
