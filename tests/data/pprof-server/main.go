// A small program serving net/http/pprof on a loopback port, for the test that fetches an
// execution trace from a running program (tests/fetch-trace.test.ts). It prints the port, then
// keeps a few goroutines busy (workers passing work over a channel, sleeping) until killed.
package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

func worker(in <-chan int, out chan<- int) {
	for v := range in {
		sum := 0
		for i := 0; i < 20000; i++ {
			sum += i * v
		}
		out <- sum
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	in, out := make(chan int), make(chan int)
	for i := 0; i < 4; i++ {
		go worker(in, out)
	}
	go func() {
		for range out {
		}
	}()
	go func() {
		for i := 0; ; i++ {
			in <- i
			if i%100 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
	}()
	if err := http.Serve(ln, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
