package service

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"net/url"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/storage"
)

// Error is an error with the HTTP status and code the API answers with.
// The same code names the failure in <stem>.error.json, in the log and in
// a direct invoke's errorType, so a failed upload and a failed request
// read alike.
type Error struct {
	Status  int
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// NewError makes an Error known by its status and code from the start,
// with no cause to wrap.
func NewError(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// errStorage marks a failure to read or write our own bucket: our fault,
// whatever the S3 error was.
var errStorage = errors.New("storage")

// Classify maps an error from the pipeline or storage to a status and code.
// 500 is kept for our own faults: anything the caller or the source site
// can change gets its own status. It returns nil for nil, as a function
// that might fail returns a nil error.
func Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	e := &Error{Err: err, Message: err.Error()}
	var hse *fetch.HTTPStatusError
	switch {
	case errors.Is(err, errStorage) && !errors.Is(err, storage.ErrTooLarge):
		e.Status, e.Code = http.StatusInternalServerError, "storage_error"
	case errors.Is(err, fs.ErrNotExist):
		// A CLI input file that is not there (-json reports it by code).
		e.Status, e.Code = http.StatusNotFound, "not_found"
	case errors.Is(err, fetch.ErrForbiddenAddress):
		e.Status, e.Code = http.StatusForbidden, "forbidden_address"
	case errors.Is(err, convert.ErrBadJob), errors.Is(err, fetch.ErrInvalidURL):
		e.Status, e.Code = http.StatusBadRequest, "bad_request"
	case errors.Is(err, convert.ErrUnsupported):
		e.Status, e.Code = http.StatusBadRequest, "unsupported_input"
	case errors.Is(err, convert.ErrTooLarge), errors.Is(err, fetch.ErrTooLarge), errors.Is(err, storage.ErrTooLarge):
		e.Status, e.Code = http.StatusRequestEntityTooLarge, "too_large"
	case errors.Is(err, fetch.ErrContentType), errors.Is(err, extract.ErrNotText):
		e.Status, e.Code = http.StatusUnsupportedMediaType, "unsupported_content_type"
	case errors.Is(err, extract.ErrNotArticle), errors.Is(err, extract.ErrEmpty), errors.Is(err, extract.ErrUnreadable),
		errors.Is(err, extract.ErrBadText):
		e.Status, e.Code = http.StatusUnprocessableEntity, "not_an_article"
	case errors.Is(err, convert.ErrRenderTimeout):
		// Read in time, too long to lay out and write in the time left:
		// the same status as a late source, a code of its own.
		e.Status, e.Code = http.StatusGatewayTimeout, "render_timeout"
	case errors.Is(err, convert.ErrBudget):
		// No page of a book read within its reading time.
		e.Status, e.Code = http.StatusGatewayTimeout, "reading_budget"
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		e.Status, e.Code = http.StatusGatewayTimeout, "source_timeout"
	case errors.As(err, &hse), errors.Is(err, fetch.ErrTooManyRedirects), errors.Is(err, fetch.ErrConnection):
		e.Status, e.Code = http.StatusBadGateway, "source_failed"
	case isNetError(err):
		e.Status, e.Code = http.StatusBadGateway, "source_failed"
	default:
		e.Status, e.Code = http.StatusInternalServerError, "internal_error"
	}
	return e
}

// isNetError tells a failure to reach a source site (DNS, refused, reset)
// from a bug of ours; storage errors were marked before this is asked.
func isNetError(err error) bool {
	var ue *url.Error
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.As(err, &oe)
}
