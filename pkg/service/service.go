// Package service is the conversion service behind both shells: the Lambda
// function (functions/convert) and the CLI's local API server
// (cmd/article2book -serve). It converts stored objects into books beside them
// and answers API requests with a book and its download links, writing
// manifests and error reports, all through pkg/convert. The shells only
// turn their events or HTTP requests into calls of a Service.
package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/storage"
)

// Linker makes download links for outputs: s3store.Store presigns them, the
// local server links to itself.
type Linker interface {
	PresignGet(ctx context.Context, bucket, key string, ttl time.Duration) (string, error)
}

// Service converts objects and API requests. Every field but Gate is
// required; a Service is safe for concurrent use when its Store and Linker
// are.
type Service struct {
	Cfg     *Config
	Store   storage.Store
	Links   Linker
	Fetcher *fetch.Client
	Log     *slog.Logger
	Version string // converter_version in manifests and error reports
	Now     func() time.Time
	Gate    *Gate // bounds the conversions in flight; nil: no bound
}

// Object is a stored object to convert, whichever way its event came.
type Object struct {
	Bucket, Key string
	ETag        string // from the event, without quotes; empty when unknown
	Size        int64
}

func (o Object) String() string { return s3URI(o.Bucket, o.Key) }

// options are the conversion options every request, upload and digest
// starts from: the configured defaults, and the service clock's day as the
// book's date, so that nothing the service writes reads the wall clock.
func (s *Service) options() convert.Options {
	return convert.Options{
		PageSize:    s.Cfg.PageSize,
		Font:        s.Cfg.Font,
		WritingMode: s.Cfg.WritingMode,
		PDFStandard: s.Cfg.PDFStandard,
		Fetcher:     s.Fetcher,
		Date:        s.Now().UTC(),
	}
}

// ConverterVersion is the version manifests record: the one stamped at
// build time (-ldflags "-X main.version=…") when given, else the VCS
// revision Go records.
func ConverterVersion(stamped string) string {
	if stamped != "" {
		return stamped
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return "git-" + s.Value
			}
		}
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return "dev"
}

type requestIDKey struct{}

// WithRequestID gives the conversions run with ctx the shell's request ID
// (Lambda's AwsRequestID), which logs, manifests and error answers carry.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// ensureRequestID keeps a request traceable even when its shell gave no ID.
func ensureRequestID(ctx context.Context) (context.Context, string) {
	if id := requestID(ctx); id != "" {
		return ctx, id
	}
	var b [8]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	return WithRequestID(ctx, id), id
}

// work bounds a conversion and its storage calls by the invocation's
// deadline, keeping a reserve to write the error report and answer: a
// conversion killed by Lambda's timeout would leave neither.
func work(ctx context.Context) (context.Context, context.CancelFunc) {
	const reserve = 3 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		end := dl.Add(-reserve)
		if time.Until(end) < time.Second {
			end = dl.Add(-time.Until(dl) / 4)
		}
		ctx, cancel := context.WithDeadline(ctx, end)
		return context.WithValue(ctx, invocationDeadlineKey{}, dl), cancel
	}
	return context.WithCancel(ctx)
}

type invocationDeadlineKey struct{}

// reportContext is for writing the error report of a failed work context:
// not cancelled with it, and ending a little before the invocation itself
// (within the reserve work kept), 5 s at most.
func reportContext(ctx context.Context) (context.Context, context.CancelFunc) {
	end := time.Now().Add(5 * time.Second)
	if dl, ok := ctx.Value(invocationDeadlineKey{}).(time.Time); ok && dl.Add(-250*time.Millisecond).Before(end) {
		end = dl.Add(-250 * time.Millisecond)
	}
	return context.WithDeadline(context.WithoutCancel(ctx), end)
}

// s3URI names an object as s3://bucket/key, percent-encoded so it is ASCII
// (S3 metadata values must be) and unambiguous.
func s3URI(bucket, key string) string {
	return (&url.URL{Scheme: "s3", Host: bucket, Path: "/" + key}).String()
}
