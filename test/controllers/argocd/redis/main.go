// redis runs an in-memory Redis (miniredis) on loopback for the Argo CD
// controllers of driftwatch's controllers test tier: Argo CD keeps its caches
// there, and Debian's redis-server is not always installed.
//
//	redis --port N --health-addr 127.0.0.1:M
//
// Redis listens on 127.0.0.1:N; GET /healthz on the health address answers
// 200 while it does (the tier waits for every process by a health URL). It
// runs until SIGTERM or SIGINT.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/alicebob/miniredis/v2"
)

func main() {
	port := flag.Int("port", 6379, "Redis port on 127.0.0.1")
	healthAddr := flag.String("health-addr", "", "address of the HTTP health endpoint (GET /healthz); none when empty")
	flag.Parse()

	server := miniredis.NewMiniRedis()
	if err := server.StartAddr(fmt.Sprintf("127.0.0.1:%d", *port)); err != nil {
		fmt.Fprintf(os.Stderr, "redis: %v\n", err)
		os.Exit(1)
	}
	if *healthAddr != "" {
		listener, err := net.Listen("tcp", *healthAddr)
		if err != nil {
			fmt.Fprintf(os.Stderr, "redis: health endpoint: %v\n", err)
			os.Exit(1)
		}
		http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
			// Answers only while Redis itself accepts connections.
			conn, err := net.Dial("tcp", server.Addr())
			if err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			conn.Close()
			fmt.Fprintln(w, "ok")
		})
		go func() { _ = http.Serve(listener, nil) }()
	}
	fmt.Printf("redis: listening on %s\n", server.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
	server.Close()
}
