package loopback

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWaitListening(t *testing.T) {
	addr, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitListening(addr, 50*time.Millisecond); err == nil {
		t.Fatalf("%s: no listener, yet waiting succeeded", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	if err := WaitListening(addr, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestLogConcurrent(t *testing.T) {
	var l Log
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				fmt.Fprintf(&l, "%d-%d\n", i, j)
			}
		}()
	}
	wg.Wait()
	if n := strings.Count(l.String(), "\n"); n != 800 {
		t.Errorf("%d lines, want 800", n)
	}
}
