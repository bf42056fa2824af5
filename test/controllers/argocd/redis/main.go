// redis runs an in-memory Redis (miniredis) on loopback for the Argo CD
// controllers of driftwatch's controllers test tier: Argo CD keeps its caches
// there, and Debian's redis-server is not always installed.
//
//	redis [--port N] [--stop-on-stdin-eof]
//
// It prints "ready 127.0.0.1:PORT" once it accepts connections (port 0, the
// default: a free one, so no other process can take it between pick and bind),
// and runs until SIGTERM or SIGINT (or, with --stop-on-stdin-eof, until its
// stdin closes: the test process that started it is gone).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/alicebob/miniredis/v2"
)

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: a free one)")
	stopOnStdinEOF := flag.Bool("stop-on-stdin-eof", false, "stop when stdin closes")
	flag.Parse()

	server := miniredis.NewMiniRedis()
	if err := server.StartAddr(fmt.Sprintf("127.0.0.1:%d", *port)); err != nil {
		fmt.Fprintf(os.Stderr, "redis: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("ready %s\n", server.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	if *stopOnStdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- syscall.SIGTERM
		}()
	}
	<-stop
	server.Close()
}
