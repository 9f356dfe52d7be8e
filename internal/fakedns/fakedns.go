// Package fakedns is a DNS server on loopback for tests: it answers A and
// AAAA queries from a table the test may change between queries, so names
// can point at forbidden addresses, or change their answer, without any
// real DNS.
package fakedns

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// Server answers from its table; unknown names get an empty answer.
type Server struct {
	mu      sync.Mutex
	table   map[string]netip.Addr
	queries map[string]int
	addr    string
}

// Start serves table until the test ends.
func Start(t testing.TB, table map[string]netip.Addr) *Server {
	t.Helper()
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	s := &Server{table: map[string]netip.Addr{}, queries: map[string]int{}, addr: pc.LocalAddr().String()}
	for k, v := range table {
		s.table[k] = v
	}
	go s.serve(pc)
	return s
}

// Set changes the answer for name from the next query on.
func (s *Server) Set(name string, a netip.Addr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.table[name] = a
}

// Queries counts the A queries for name so far.
func (s *Server) Queries(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries[name]
}

// Resolver asks this server only.
func (s *Server) Resolver() *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", s.addr)
		},
	}
}

func (s *Server) serve(pc net.PacketConn) {
	buf := make([]byte, 1500)
	for {
		n, addr, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		var p dnsmessage.Parser
		h, err := p.Start(buf[:n])
		if err != nil {
			continue
		}
		q, err := p.Question()
		if err != nil {
			continue
		}
		name := strings.TrimSuffix(strings.ToLower(q.Name.String()), ".")
		s.mu.Lock()
		ip, ok := s.table[name]
		if q.Type == dnsmessage.TypeA {
			s.queries[name]++
		}
		s.mu.Unlock()
		b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
		b.EnableCompression()
		b.StartQuestions()
		b.Question(q)
		b.StartAnswers()
		// TTL 0: a resolver must ask again for every lookup.
		rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}
		switch {
		case ok && q.Type == dnsmessage.TypeA && ip.Is4():
			b.AResource(rh, dnsmessage.AResource{A: ip.As4()})
		case ok && q.Type == dnsmessage.TypeAAAA && ip.Is6():
			b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: ip.As16()})
		}
		msg, err := b.Finish()
		if err != nil {
			continue
		}
		pc.WriteTo(msg, addr)
	}
}
