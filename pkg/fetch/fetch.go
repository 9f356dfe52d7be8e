// Package fetch is the one HTTP client the converter uses for pages and their
// images. It is meant to be pointed at URLs chosen by strangers (the Lambda
// fetches whatever a user submits), so every connection it makes is checked
// against the address actually dialled, after DNS and on every redirect, and
// every response is bounded in time, size and type.
package fetch

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// Sentinel errors, for errors.Is. pkg/service maps them to HTTP statuses
// (403, 400, 413, 504, 502 via *HTTPStatusError and ErrConnection, 415).
var (
	// ErrInvalidURL: the URL cannot be parsed or has no host. ErrScheme wraps
	// it, so mapping ErrInvalidURL to 400 covers both.
	ErrInvalidURL = errors.New("invalid URL")
	// ErrScheme: only http and https are fetched.
	ErrScheme = fmt.Errorf("%w: only http and https URLs can be fetched", ErrInvalidURL)
	// ErrForbiddenAddress: the address dialled is not public (or is the
	// Lambda runtime API) and was not named in Options.Allow.
	ErrForbiddenAddress = errors.New("address is not public")
	// ErrTooLarge: the response (on the wire or decompressed) exceeds the limit.
	ErrTooLarge = errors.New("response too large")
	// ErrTimeout: the total or the first-byte deadline passed.
	ErrTimeout = errors.New("timed out")
	// ErrTooManyRedirects: more than Options.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrContentType: the response is not of an accepted media type.
	ErrContentType = errors.New("unacceptable content type")
	// ErrContentEncoding wraps ErrContentType: a Content-Encoding we did not
	// ask for and cannot bound (e.g. br, deflate).
	ErrContentEncoding = fmt.Errorf("%w: unsupported content encoding", ErrContentType)
	// ErrConnection: the site could not be reached or broke the exchange
	// (refused, reset, closed early, not speaking HTTP, endless headers).
	ErrConnection = errors.New("connection failed")
)

// HTTPStatusError reports a final response outside 2xx.
type HTTPStatusError struct {
	URL        string // the URL that answered (after redirects)
	StatusCode int
	Status     string
}

func (e *HTTPStatusError) Error() string {
	return fmt.Sprintf("fetch %s: upstream answered %s", e.URL, e.Status)
}

// Defaults for zero Options fields.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultFirstByteTimeout = 15 * time.Second
	DefaultMaxRedirects     = 5
	DefaultMaxPageBytes     = 8 << 20
	DefaultMaxImageBytes    = 16 << 20

	// A current desktop Chrome: some sites serve bot walls or stripped pages
	// to anything that looks like a library.
	DefaultUserAgent      = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	DefaultAcceptLanguage = "zh-CN,zh;q=0.9,en;q=0.8"

	pageAccept     = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	documentAccept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8"
	// WebP and AVIF are deliberately not advertised: CDNs that negotiate
	// would send them, and the PDF renderer only embeds JPEG, PNG and GIF.
	imageAccept = "image/png,image/jpeg,image/gif,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
)

// Options configures a Client. The zero value is a safe production client.
type Options struct {
	Timeout          time.Duration // whole call, body included; default 30 s
	FirstByteTimeout time.Duration // connect + TLS + response headers; default 15 s
	MaxRedirects     int           // default 5; negative means follow none
	MaxPageBytes     int64         // default 8 MiB, wire and decompressed
	MaxImageBytes    int64         // default 16 MiB, wire and decompressed

	// Allow names non-public addresses that may be dialled anyway, for tests
	// and local use: "127.0.0.1:8080" (that port only), "127.0.0.1" (any
	// port), "[::1]:8080", "::1", "localhost[:port]" (127.0.0.1 and ::1).
	// Anything not named stays refused. See ParseAllowList.
	Allow []string

	// Resolver replaces the system resolver (tests use a fake DNS server).
	Resolver *net.Resolver
	// RootCAs replaces the system roots (tests trust httptest's TLS server).
	RootCAs *x509.CertPool
	// RuntimeAPI is the Lambda runtime API host:port, refused even when Allow
	// would let it through. Default: $AWS_LAMBDA_RUNTIME_API.
	RuntimeAPI string

	UserAgent      string
	AcceptLanguage string
}

// Response is a fetched page or image.
type Response struct {
	FinalURL string // after redirects
	// ContentType is the response's Content-Type header; when the server sent
	// none or application/octet-stream, the sniffed media type instead
	// (without a charset, so it never overrides the document's own).
	ContentType string
	Body        []byte
}

// Client is safe for concurrent use.
type Client struct {
	o         Options
	transport *http.Transport
	guard     *ssrf.Guardian
	allow     []allowRule
	runtime   []allowRule // refused whatever Allow says
}

type allowRule struct {
	addr netip.Addr
	port uint16 // 0: any port
}

func (r allowRule) matches(ap netip.AddrPort) bool {
	return r.addr == ap.Addr().Unmap().WithZone("") && (r.port == 0 || r.port == ap.Port())
}

// New builds a Client. It fails only on malformed Allow or RuntimeAPI entries:
// silently ignoring a typo there would mean a refused address the operator
// believes allowed, or the reverse.
func New(o Options) (*Client, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.FirstByteTimeout <= 0 {
		o.FirstByteTimeout = DefaultFirstByteTimeout
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = DefaultMaxPageBytes
	}
	if o.MaxImageBytes <= 0 {
		o.MaxImageBytes = DefaultMaxImageBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.AcceptLanguage == "" {
		o.AcceptLanguage = DefaultAcceptLanguage
	}
	if o.RuntimeAPI == "" {
		o.RuntimeAPI = os.Getenv("AWS_LAMBDA_RUNTIME_API")
	}

	c := &Client{o: o, guard: ssrf.New(ssrf.WithAnyPort())}
	for _, e := range o.Allow {
		rules, err := parseAllow(e)
		if err != nil {
			return nil, err
		}
		c.allow = append(c.allow, rules...)
	}
	if o.RuntimeAPI != "" {
		rules, err := parseRuntimeAPI(o.RuntimeAPI)
		if err != nil {
			return nil, err
		}
		c.runtime = rules
	}

	dialer := &net.Dialer{
		Timeout:   o.FirstByteTimeout,
		KeepAlive: 30 * time.Second,
		Resolver:  o.Resolver,
		// Control runs on the resolved address of every connection attempt,
		// so DNS answers, redirects and the Transport's own retries are all
		// checked, and nothing is sent before the check passes.
		Control: c.control,
	}
	c.transport = &http.Transport{
		// Environment proxies would make the proxy's address the one dialled
		// and checked, and let it reach anything on our behalf.
		Proxy:                  nil,
		DialContext:            dialLocalhost(dialer.DialContext),
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    o.FirstByteTimeout,
		ResponseHeaderTimeout:  o.FirstByteTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           16,
		IdleConnTimeout:        30 * time.Second,
		MaxResponseHeaderBytes: 256 << 10,
		// We ask for gzip ourselves and decompress under our own limit; the
		// transparent decompression would hide the wire size from us.
		DisableCompression: true,
	}
	if o.RootCAs != nil {
		c.transport.TLSClientConfig = &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12}
	}
	return c, nil
}

// dialLocalhost dials "localhost", "localhost." and "*.localhost" as
// 127.0.0.1 (RFC 6761: they are loopback names, whatever a resolver says),
// so the dial check refuses them as loopback, and not only where the
// system resolver happens to answer for the trailing-dot form.
func dialLocalhost(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if h, p, err := net.SplitHostPort(addr); err == nil {
			h = strings.ToLower(strings.TrimSuffix(h, "."))
			if h == "localhost" || strings.HasSuffix(h, ".localhost") {
				addr = net.JoinHostPort("127.0.0.1", p)
			}
		}
		return dial(ctx, network, addr)
	}
}

// CloseIdleConnections releases pooled connections (e.g. at Lambda shutdown).
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse %q: %v", ErrForbiddenAddress, address, err)
	}
	for _, r := range c.runtime {
		if r.matches(ap) {
			return fmt.Errorf("%w: %s is the Lambda runtime API", ErrForbiddenAddress, address)
		}
	}
	for _, r := range c.allow {
		if r.matches(ap) {
			return nil
		}
	}
	if err := c.guard.Safe(network, address, nil); err != nil {
		return fmt.Errorf("%w: %w", ErrForbiddenAddress, err)
	}
	return nil
}

// ParseAllowList splits a comma-separated list (the CLI's -allow-addr flag,
// the Lambda's FETCH_ALLOW variable) into Options.Allow entries, validating
// each so a typo fails at start-up rather than as a refused fetch.
func ParseAllowList(s string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if _, err := parseAllow(e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func parseAllow(entry string) ([]allowRule, error) {
	rules, err := parseHostPort(entry, false)
	if err != nil {
		return nil, fmt.Errorf("fetch: allow entry %q: %w", entry, err)
	}
	return rules, nil
}

func parseRuntimeAPI(v string) ([]allowRule, error) {
	rules, err := parseHostPort(v, true)
	if err != nil {
		return nil, fmt.Errorf("fetch: AWS_LAMBDA_RUNTIME_API %q: %w", v, err)
	}
	return rules, nil
}

// parseHostPort accepts an IP or "localhost", with or without a port.
func parseHostPort(entry string, needPort bool) ([]allowRule, error) {
	host, port := entry, uint16(0)
	if h, p, err := net.SplitHostPort(entry); err == nil {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("bad port %q", p)
		}
		host, port = h, uint16(n)
	} else if needPort {
		return nil, fmt.Errorf("want host:port: %w", err)
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return []allowRule{
			{netip.AddrFrom4([4]byte{127, 0, 0, 1}), port},
			{netip.IPv6Loopback(), port},
		}, nil
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return nil, fmt.Errorf("want an IP address or localhost, optionally with :port")
	}
	if a.IsUnspecified() {
		return nil, fmt.Errorf("unspecified address cannot be dialled")
	}
	return []allowRule{{a.Unmap().WithZone(""), port}}, nil
}

// Page fetches an HTML or XHTML document.
func (c *Client) Page(ctx context.Context, rawURL string) (*Response, error) {
	return c.get(ctx, rawURL, "", pageAccept, c.o.MaxPageBytes, isPageType)
}

// Document fetches what a user may give as a URL: a page or a feed (RSS,
// Atom, JSON Feed). Servers label feeds in many ways, text/plain included,
// so the caller tells a feed from a page by its bytes.
func (c *Client) Document(ctx context.Context, rawURL string) (*Response, error) {
	return c.get(ctx, rawURL, "", documentAccept, c.o.MaxPageBytes, isDocumentType)
}

// Image fetches an image; referer is the page it appears on, which
// hot-link-protected hosts require.
func (c *Client) Image(ctx context.Context, rawURL, referer string) (*Response, error) {
	return c.get(ctx, rawURL, referer, imageAccept, c.o.MaxImageBytes, isImageType)
}

func isPageType(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func isDocumentType(mt string) bool {
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
		"application/feed+json", "application/json", "application/xml", "text/xml", "text/plain":
		return true
	}
	return isPageType(mt)
}

func isImageType(mt string) bool { return strings.HasPrefix(mt, "image/") }

func checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return fmt.Errorf("%w (no scheme)", ErrScheme)
		}
		return fmt.Errorf("%w (got %q)", ErrScheme, u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: no host", ErrInvalidURL)
	}
	if u.User != nil {
		// A password in a URL ends up in logs, manifests and Referer
		// headers; and no public article needs one.
		return fmt.Errorf("%w: user name or password in the URL", ErrInvalidURL)
	}
	if _, err := netip.ParseAddr(host); err != nil && numericLastLabel(host) {
		// Browsers read "127.1" or "2130706433" as IPv4 and getaddrinfo
		// does too, Go's resolver does not: refuse the ambiguity outright.
		return fmt.Errorf("%w: %q is not a canonical IPv4 address", ErrInvalidURL, host)
	}
	return nil
}

// numericLastLabel follows the WHATWG URL rule: a host whose last label is
// a number is an IPv4 address, in whatever shorthand.
func numericLastLabel(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := strings.ToLower(labels[len(labels)-1])
	if last == "" {
		return false
	}
	digits := "0123456789"
	if strings.HasPrefix(last, "0x") {
		last, digits = last[2:], "0123456789abcdef"
	}
	return strings.Trim(last, digits) == ""
}

func (c *Client) get(ctx context.Context, rawURL, referer, accept string, limit int64, okType func(string) bool) (*Response, error) {
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w: %v", rawURL, ErrInvalidURL, err)
	}
	if err := checkURL(u); err != nil {
		return nil, fmt.Errorf("fetch %q: %w", u.Redacted(), err)
	}

	ctx, cancel := context.WithTimeout(ctx, c.o.Timeout)
	defer cancel()
	// Error messages reach users and logs: never with a password in them.
	shown := u.Redacted()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w: %v", shown, ErrInvalidURL, err)
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Language", c.o.AcceptLanguage)
	req.Header.Set("Accept-Encoding", "gzip")
	if referer != "" {
		req.Header.Set("Referer", referer)
	}

	// A jar per call: sites that set a cookie and redirect to themselves
	// work, and nothing leaks from one user's fetch into another's.
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: c.transport, Jar: jar, CheckRedirect: c.checkRedirect}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, c.classify(ctx, shown, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	shown = resp.Request.URL.Redacted()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPStatusError{URL: shown, StatusCode: resp.StatusCode, Status: resp.Status}
	}

	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	mt = strings.ToLower(mt)
	sniff := mt == "" || mt == "application/octet-stream" || mt == "binary/octet-stream"
	// Refuse before reading: no point downloading a video to reject it.
	if !sniff && !okType(mt) {
		return nil, fmt.Errorf("fetch %s: %w: %q", shown, ErrContentType, ct)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("fetch %s: %w: Content-Length %d exceeds %d bytes", shown, ErrTooLarge, resp.ContentLength, limit)
	}

	body, err := readBody(resp, limit)
	if err != nil {
		if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrContentType) {
			return nil, fmt.Errorf("fetch %s: %w", shown, err)
		}
		return nil, c.classify(ctx, shown, err)
	}
	if sniff {
		smt, _, _ := mime.ParseMediaType(http.DetectContentType(body))
		if !okType(smt) {
			return nil, fmt.Errorf("fetch %s: %w: %q, content looks like %q", shown, ErrContentType, ct, smt)
		}
		ct = smt
	}
	return &Response{FinalURL: final, ContentType: ct, Body: body}, nil
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.o.MaxRedirects {
		return fmt.Errorf("%w: more than %d, next was %s", ErrTooManyRedirects, max(c.o.MaxRedirects, 0), req.URL.Redacted())
	}
	if err := checkURL(req.URL); err != nil {
		return fmt.Errorf("redirect to %q: %w", req.URL.Redacted(), err)
	}
	return nil
}

// classify turns transport errors into our sentinels, keeping the cause.
func (c *Client) classify(ctx context.Context, u string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its "Get URL:" prefix repeats what we add
	}
	for _, s := range []error{ErrForbiddenAddress, ErrInvalidURL, ErrTooManyRedirects} {
		if errors.Is(err, s) {
			return fmt.Errorf("fetch %s: %w", u, err)
		}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("fetch %s: %w (limits: %s total, %s to first byte): %w",
			u, ErrTimeout, c.o.Timeout, c.o.FirstByteTimeout, err)
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("fetch %s: %w", u, err)
	}
	// What is left is the site's doing, whatever net/http calls it: a
	// reset, an early EOF, headers past MaxResponseHeaderBytes, a reply
	// that is not HTTP. Only some of those are net.Errors.
	return fmt.Errorf("fetch %s: %w: %w", u, ErrConnection, err)
}

// readBody reads at most max bytes, counted both as received and after gzip
// decompression, so neither a huge body nor a gzip bomb gets allocated.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	wire := &capReader{r: resp.Body, left: limit, max: limit, what: "on the wire"}
	var r io.Reader = wire
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(wire)
		if errors.Is(err, io.EOF) {
			return nil, nil // empty body labelled gzip
		}
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = &capReader{r: zr, left: limit, max: limit, what: "decompressed"}
	default:
		return nil, fmt.Errorf("%w: %q", ErrContentEncoding, enc)
	}
	return io.ReadAll(r)
}

// capReader fails with ErrTooLarge once more than max bytes come through.
type capReader struct {
	r    io.Reader
	left int64 // of max
	max  int64
	what string
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, fmt.Errorf("%w: more than %d bytes %s", ErrTooLarge, c.max, c.what)
	}
	// Ask for one byte beyond the limit so "exactly max" is not an error.
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, fmt.Errorf("%w: more than %d bytes %s", ErrTooLarge, c.max, c.what)
	}
	return n, err
}
