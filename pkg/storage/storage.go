// Package storage is the small object store the Lambda reads inputs from and
// writes books to: S3 in production and tests (package s3store), a local
// folder for the CLI.
package storage

import (
	"context"
	"errors"
	"strings"
)

// ErrNotFound reports a missing object.
var ErrNotFound = errors.New("object not found")

// ErrTooLarge reports an object larger than the reader's limit.
var ErrTooLarge = errors.New("object too large")

// Info describes a stored object.
type Info struct {
	Size               int64
	ETag               string // without quotes, as S3 event notifications carry it
	ContentType        string
	ContentDisposition string
	Metadata           map[string]string // user metadata, keys in lower case
}

// Object is a stored object read whole: inputs and outputs are at most tens
// of megabytes, and the pipeline wants bytes.
type Object struct {
	Info
	Body []byte
}

// PutOptions are the headers an object is stored with.
type PutOptions struct {
	ContentType        string
	ContentDisposition string
	Metadata           map[string]string
}

// Store is what the converter needs from an object store.
type Store interface {
	// Get reads an object of at most max bytes (max <= 0: no limit).
	Get(ctx context.Context, bucket, key string, max int64) (*Object, error)
	Head(ctx context.Context, bucket, key string) (*Info, error)
	Put(ctx context.Context, bucket, key string, body []byte, opt PutOptions) error
	// Delete removes an object; a missing object is not an error.
	Delete(ctx context.Context, bucket, key string) error
}

// TrimETag strips the quotes S3 puts around ETags in HTTP headers, so an
// ETag from an event and one from HeadObject compare equal.
func TrimETag(etag string) string {
	return strings.Trim(etag, `"`)
}
