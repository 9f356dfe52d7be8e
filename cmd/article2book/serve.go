package main

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
)

const (
	// serveBucket is the local store's one bucket: outputs land in
	// DIR/books/api/<date>/<request id>/, as they would in the Lambda's
	// bucket under out/api/.
	serveBucket = "books"
	// linkTTL plays PRESIGN_TTL's default.
	linkTTL = time.Hour
	// convertTimeout plays the function's timeout, so that a request
	// cannot hold the server for ever; the service keeps the same reserve
	// for answering within it.
	convertTimeout = 2 * time.Minute
	// shutdownGrace bounds how long SIGINT or SIGTERM waits for running
	// conversions.
	shutdownGrace = 15 * time.Second
	// bodyTimeout bounds the reading of a request body (16 MiB at
	// 0.5 MiB/s), done before the request takes a conversion slot.
	bodyTimeout = 30 * time.Second
)

// serveOptions are the flags the local API server uses.
type serveOptions struct {
	outDir      string
	pageSize    convert.PageSize
	font        convert.Face
	writingMode convert.WritingMode
	pdfStandard convert.PDFStandard
	fetcher     *fetch.Client
	log         *slog.Logger
	conversions int // in flight at most; 0: service.DefaultConversions
	// gate, when set, is the server's gate (conversions is then unused):
	// tests watch it to know when requests wait.
	gate *service.Gate
}

// localServer is the Lambda's HTTP API on a local folder: POST /convert
// goes through the same service code, and GET /files/<key> plays the
// presigned URLs.
type localServer struct {
	svc   *service.Service
	store *storage.Dir
	links *localLinks
	// bodies bounds the request bodies being read at once, so that
	// reading before admission does not make their memory unbounded.
	bodies chan struct{}
}

func newLocalServer(o serveOptions) *localServer {
	// Books of what clients sent are theirs, not every local user's.
	store := &storage.Dir{Root: o.outDir, Private: true}
	links := &localLinks{expiry: map[string]time.Time{}, now: time.Now}
	cfg := &service.Config{
		OutputBucket:  serveBucket,
		InputPrefix:   "inbox/",
		PageSize:      o.pageSize,
		Font:          o.font,
		WritingMode:   o.writingMode,
		PDFStandard:   o.pdfStandard,
		MaxInputBytes: convert.MaxInputBytes,
		FetchTimeout:  fetch.DefaultTimeout,
		PresignTTL:    linkTTL,
	}
	return &localServer{
		svc: &service.Service{
			Cfg: cfg, Store: store, Links: links, Fetcher: o.fetcher, Log: o.log,
			Version: service.ConverterVersion(""), Now: time.Now,
			Gate: cmp.Or(o.gate, service.NewGate(o.conversions, service.DefaultQueueWait)),
		},
		store:  store,
		links:  links,
		bodies: make(chan struct{}, 4*cmp.Or(o.conversions, service.DefaultConversions())),
	}
}

// Handler routes every path: anything but the two routes gets the API's
// JSON 404, as API Gateway's answer would be JSON.
func (s *localServer) Handler() http.Handler {
	mux := http.NewServeMux()
	// Any method: the service answers 405 in the API's JSON, where a
	// "POST /convert" pattern would answer in plain text.
	mux.HandleFunc("/convert", s.convert)
	mux.HandleFunc("GET /files/{key...}", s.file)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeResponse(w, s.svc.Refuse(r.Context(), service.NewError(http.StatusNotFound, "not_found", "no such route: "+r.URL.Path)))
	})
	return mux
}

type baseURLKey struct{}

func (s *localServer) convert(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), convertTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, baseURLKey{}, baseURL(r))
	// The body is read before the request takes a conversion slot, within
	// a short deadline: a client sending slowly holds a reading place, not
	// a slot every other client waits for.
	if s.bodies != nil {
		select {
		case s.bodies <- struct{}{}:
		default:
			writeResponse(w, s.svc.Refuse(ctx, service.ErrBusy))
			return
		}
	}
	body, err := s.readBody(w, r)
	if s.bodies != nil {
		<-s.bodies
	}
	if err != nil {
		writeResponse(w, s.svc.Refuse(ctx, err))
		return
	}
	ctx, release, err := s.svc.Admit(ctx)
	if err != nil {
		writeResponse(w, s.svc.Refuse(ctx, err))
		return
	}
	defer release()
	writeResponse(w, s.svc.ConvertRequest(ctx, service.Request{Method: r.Method, Header: r.Header, Body: body}))
}

// readBody reads a request body within bodyTimeout. One byte past the
// limit is enough for the service to answer 413 as the Lambda does; the
// rest is never read.
func (s *localServer) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(bodyTimeout))
	defer rc.SetReadDeadline(time.Time{})
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.svc.Cfg.MaxInputBytes+1))
	var tooLarge *http.MaxBytesError
	if err != nil && !errors.As(err, &tooLarge) {
		return nil, service.NewError(http.StatusBadRequest, "bad_request", "reading the request body failed (or took over "+bodyTimeout.String()+")")
	}
	return body, nil
}

// file serves an output the service linked to. The key is checked as a
// path and then must be one a link was handed out for, so nothing else
// under DIR (metadata files, other folders, paths climbing out) is
// reachable, whatever the encoding.
func (s *localServer) file(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	esc := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") || !fs.ValidPath(key) || strings.Contains(key, `\`) || !s.links.valid(key) {
		writeResponse(w, service.ErrorResponse(r.Context(), service.NewError(http.StatusNotFound, "not_found", "no such file, or its link expired")))
		return
	}
	obj, err := s.store.Get(r.Context(), serveBucket, key, 0)
	if err != nil {
		status, code := http.StatusInternalServerError, "storage_error"
		if errors.Is(err, storage.ErrNotFound) {
			status, code = http.StatusNotFound, "not_found"
		}
		s.svc.Log.WarnContext(r.Context(), "download failed", "key", key, "error", err.Error())
		writeResponse(w, service.ErrorResponse(r.Context(), service.NewError(status, code, "file not readable")))
		return
	}
	h := w.Header()
	h.Set("Content-Type", obj.ContentType)
	if obj.ContentDisposition != "" {
		h.Set("Content-Disposition", obj.ContentDisposition)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(obj.Body))
}

// baseURL is where the client reached us, so links work through whatever
// address it used (a -serve on 0.0.0.0 has no address to name).
func baseURL(r *http.Request) string {
	host := r.Host
	if host == "" {
		if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			host = a.String()
		}
	}
	return "http://" + host
}

func writeResponse(w http.ResponseWriter, resp service.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

// localLinks is the Linker of the local server: it links to GET
// /files/<key> and remembers until when, which is what makes a presigned
// URL valid in S3. Links expire in the order of their expiry (a heap), so
// a request does not scan every live link.
type localLinks struct {
	mu     sync.Mutex
	expiry map[string]time.Time
	queue  linkHeap
	now    func() time.Time
}

func (l *localLinks) PresignGet(ctx context.Context, bucket, key string, ttl time.Duration) (string, error) {
	base, ok := ctx.Value(baseURLKey{}).(string)
	if !ok || bucket != serveBucket {
		return "", fmt.Errorf("link to %s/%s: not a request of the local server", bucket, key)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for len(l.queue) > 0 && now.After(l.queue[0].at) {
		e := heap.Pop(&l.queue).(linkExpiry)
		// A key linked again since keeps its later expiry.
		if l.expiry[e.key].Equal(e.at) {
			delete(l.expiry, e.key)
		}
	}
	at := now.Add(ttl)
	l.expiry[key] = at
	heap.Push(&l.queue, linkExpiry{key, at})
	return base + "/files/" + (&url.URL{Path: key}).EscapedPath(), nil
}

func (l *localLinks) valid(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.expiry[key]
	return ok && !l.now().After(t)
}

type linkExpiry struct {
	key string
	at  time.Time
}

// linkHeap is a container/heap of expiries, the earliest first.
type linkHeap []linkExpiry

func (h linkHeap) Len() int           { return len(h) }
func (h linkHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h linkHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *linkHeap) Push(x any)        { *h = append(*h, x.(linkExpiry)) }
func (h *linkHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// serve runs the local API server on ln until ctx ends (SIGINT or
// SIGTERM), then lets running and queued conversions finish for a while.
func serve(ctx context.Context, ln net.Listener, o serveOptions) error {
	srv := &http.Server{
		Handler:           newLocalServer(o).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Room for a 16 MiB body on a slow link.
		ReadTimeout:    2 * time.Minute,
		WriteTimeout:   convertTimeout + 30*time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(o.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}
