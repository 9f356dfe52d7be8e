package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/storage"
)

// ConvertObject converts one uploaded object into its book under the
// output prefix; trigger names the event kind in the log. An object
// outside the input prefix, already converted (same ETag in its manifest)
// or deleted since is left alone. It returns an error only when the
// conversion failed (after writing <stem>.error.json), so Lambda retries
// it and, in the end, the dead-letter queue keeps it.
func (s *Service) ConvertObject(ctx context.Context, trigger string, ref Object) error {
	start := s.Now()
	log := s.Log.With("request_id", requestID(ctx), "trigger", trigger, "bucket", ref.Bucket, "key", ref.Key)
	if err := s.Cfg.CheckLoop(ref.Bucket); err != nil {
		log.ErrorContext(ctx, "configuration refused", "error", err.Error())
		return fmt.Errorf("%s: %w", ref, err)
	}
	outBucket := s.Cfg.outputBucket(ref.Bucket)
	ignore, err := s.screen(ref, outBucket)
	if err != nil {
		log.WarnContext(ctx, "conversion", "outcome", "refused", "reason", "key with empty, . or .. segments")
		return fmt.Errorf("%s: %w", ref, err)
	}
	if ignore != "" {
		log.InfoContext(ctx, "conversion", "outcome", "ignored", "reason", ignore)
		return nil
	}

	// Every storage call and the conversion share one deadline short of
	// the invocation's: a slow S3 must leave time to report the failure,
	// which Lambda's own timeout would not.
	ctx, cancel := work(ctx)
	defer cancel()
	base := s.outBase(ref.Key)
	release, err := s.admitObject(ctx)
	if err != nil {
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	defer release()
	manifestKey := base + ".json"
	old, err := s.readManifest(ctx, outBucket, manifestKey)
	if err != nil {
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	// A redelivered event: the manifest records this very input.
	converted := func(etag string) bool {
		if old == nil || old.Input == nil || old.Input.ETag != etag {
			return false
		}
		log.InfoContext(ctx, "conversion", "outcome", "skipped", "reason", "already converted", "etag", etag, "manifest", manifestKey)
		return true
	}
	if ref.ETag != "" && converted(ref.ETag) {
		return nil
	}
	in, err := s.Store.Get(ctx, ref.Bucket, ref.Key, s.Cfg.MaxInputBytes)
	if errors.Is(err, storage.ErrNotFound) {
		// Deleted since the upload: there is nothing left to convert, and a
		// retry would not change that.
		log.WarnContext(ctx, "conversion", "outcome", "ignored", "reason", "object deleted since the event")
		return nil
	}
	if err != nil {
		if !errors.Is(err, storage.ErrTooLarge) {
			err = fmt.Errorf("%w: %w", errStorage, err)
		}
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	if converted(in.ETag) {
		return nil
	}
	// The event states the size of the version it announces; a read of that
	// version with another length was cut short on the way.
	if ref.ETag != "" && in.ETag == ref.ETag && ref.Size > 0 && int64(len(in.Body)) != ref.Size {
		return s.fail(ctx, log, start, ref, outBucket, base,
			fmt.Errorf("%w: read %d bytes of %s, the event says %d", errStorage, len(in.Body), ref, ref.Size))
	}
	if old != nil {
		// The old manifest would vouch for documents about to be replaced.
		if err := s.Store.Delete(ctx, outBucket, manifestKey); err != nil {
			return s.fail(ctx, log, start, ref, outBucket, base, fmt.Errorf("%w: %w", errStorage, err))
		}
	}

	return s.convertInput(ctx, log, start, ref, outBucket, base, in)
}

// screen tells why an upload is not for this service to convert (another
// bucket, its own outputs, outside the inbox, a folder, a kind of file it
// does not take), or refuses a key no output key can be derived from.
func (s *Service) screen(ref Object, outBucket string) (string, error) {
	ignore := ""
	switch {
	case s.Cfg.InputBucket != "" && ref.Bucket != s.Cfg.InputBucket:
		// Another bucket's inbox/a.html would overwrite the outputs of
		// ours: out/a.pdf is the same key in OUTPUT_BUCKET.
		ignore = "not the input bucket"
	case outBucket == ref.Bucket && strings.HasPrefix(ref.Key, s.Cfg.OutputPrefix):
		ignore = "under the output prefix"
	case !strings.HasPrefix(ref.Key, s.Cfg.InputPrefix):
		ignore = "outside the input prefix"
	case strings.HasSuffix(ref.Key, "/"):
		ignore = "a folder"
	}
	if ignore == "" && !cleanKey(ref.Key) {
		// S3 takes "inbox/../out/a.html" literally, but the output key
		// derived from it would climb out of the output prefix wherever a
		// path is cleaned (S3-compatible servers, local folders, tools
		// syncing the bucket): no output is written for such a key.
		return "", fmt.Errorf("%w: key with empty, . or .. segments", convert.ErrBadJob)
	}
	if ignore == "" {
		if _, err := convert.KindOf(ref.Key); err != nil {
			ignore = "not a .html, .htm, .txt, .url, .json or feed (.feed, .rss, .atom, .xml) file"
		}
	}
	return ignore, nil
}

// convertInput converts an upload read whole and writes its book and
// manifest under base.
func (s *Service) convertInput(ctx context.Context, log *slog.Logger, start time.Time, ref Object, outBucket, base string, in *storage.Object) error {
	// Without source-url, an HTML page's canonical link is its base
	// (pkg/article reads it).
	baseURL := in.Metadata["source-url"]
	opt := s.options()
	inputs, err := convert.FileInputs(ref.Key, in.Body, baseURL, &opt)
	if err != nil {
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	convStart := s.Now()
	res, err := convert.Convert(ctx, inputs, opt)
	if err != nil {
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	convDur := s.Now().Sub(convStart)

	sum := sha256.Sum256(in.Body)
	m := s.newManifest(ctx, res, sourceOf(res, baseURL, s3URI(ref.Bucket, ref.Key)))
	m.Input = &ManifestInput{Bucket: ref.Bucket, Key: ref.Key, ETag: in.ETag, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(in.Body))}
	if err := s.writeBook(ctx, outBucket, base, res, m, start); err != nil {
		return s.fail(ctx, log, start, ref, outBucket, base, err)
	}
	// A report of an earlier failure would contradict the manifest.
	if err := s.Store.Delete(ctx, outBucket, base+".error.json"); err != nil {
		log.WarnContext(ctx, "stale error report not deleted", "error", err.Error())
	}
	log.InfoContext(ctx, "conversion", append(m.logAttrs(), "outcome", "ok", "convert_ms", convDur.Milliseconds(), "manifest", base+".json")...)
	return nil
}

// cleanKey reports a key without empty, "." or ".." segments.
func cleanKey(key string) bool {
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// uploadsDir is where under the output prefix uploads' books go: beside
// api/ and digests/, the service's own, which no upload key can reach.
const uploadsDir = "files/"

// maxKeyBytes is S3's limit on the length of a key; reportSuffix is the
// longest suffix a derived key adds to its base.
const (
	maxKeyBytes  = 1024
	reportSuffix = ".error.json"
)

// outBase is the output key of an input without the output's extension:
// <OUTPUT_PREFIX>files/ and the key past the input prefix, extension kept,
// so inbox/a.txt and inbox/a.html write out/files/a.txt.pdf and
// out/files/a.html.pdf. A base too long for its error report to fit in
// S3's key limit is cut and ends in "~" and a hash of the whole key: it
// stays unique, and, ending in no input extension, no other key's base.
func (s *Service) outBase(key string) string {
	base := s.Cfg.OutputPrefix + uploadsDir + strings.TrimPrefix(key, s.Cfg.InputPrefix)
	if len(base)+len(reportSuffix) <= maxKeyBytes {
		return base
	}
	sum := sha256.Sum256([]byte(key))
	tag := "~" + hex.EncodeToString(sum[:8])
	cut := max(0, maxKeyBytes-len(reportSuffix)-len(tag))
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	return base[:cut] + tag
}

// readManifest returns the manifest at key, or nil when there is none. A
// manifest we cannot parse is treated as absent, so a conversion redoes it
// rather than failing forever.
func (s *Service) readManifest(ctx context.Context, bucket, key string) (*Manifest, error) {
	obj, err := s.Store.Get(ctx, bucket, key, 8<<20)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if errors.Is(err, storage.ErrTooLarge) {
		s.Log.WarnContext(ctx, "oversized manifest", "bucket", bucket, "key", key)
		return &Manifest{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read manifest: %w", errStorage, err)
	}
	var m Manifest
	if err := json.Unmarshal(obj.Body, &m); err != nil {
		s.Log.WarnContext(ctx, "unreadable manifest", "bucket", bucket, "key", key, "error", err.Error())
		return &Manifest{}, nil
	}
	return &m, nil
}

// errorReport is <stem>.error.json.
type errorReport struct {
	Input            *ManifestInput `json:"input"`
	Error            errorBody      `json:"error"`
	Status           int            `json:"status"`
	RequestID        string         `json:"request_id,omitempty"`
	ConverterVersion string         `json:"converter_version"`
	Time             time.Time      `json:"time"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fail writes the error report, logs the conversion's line and returns the
// error for Lambda. ctx is the work context of the conversion; the report
// is written in the reserve work keeps before the invocation's deadline.
func (s *Service) fail(ctx context.Context, log *slog.Logger, start time.Time, ref Object, bucket, base string, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("gave up before the invocation's deadline: %w", err)
	}
	ae := Classify(err)
	rep := errorReport{
		Input:            &ManifestInput{Bucket: ref.Bucket, Key: ref.Key, ETag: ref.ETag, Size: ref.Size},
		Error:            errorBody{Code: ae.Code, Message: err.Error()},
		Status:           ae.Status,
		RequestID:        requestID(ctx),
		ConverterVersion: s.Version,
		Time:             s.Now().UTC(),
	}
	body, _ := json.MarshalIndent(rep, "", "  ")
	wctx, cancel := reportContext(ctx)
	defer cancel()
	werr := s.Store.Put(wctx, bucket, base+".error.json", body, storage.PutOptions{
		ContentType: "application/json; charset=utf-8",
		Metadata:    map[string]string{"source": metaValue(s3URI(ref.Bucket, ref.Key))},
	})
	attrs := []any{"outcome", "failed", "status", ae.Status, "code", ae.Code, "error", err.Error(), "duration_ms", s.Now().Sub(start).Milliseconds()}
	if werr != nil {
		attrs = append(attrs, "report_error", werr.Error())
	}
	level := failureLevel(ae.Status)
	if werr != nil {
		level = slog.LevelError
	}
	log.Log(ctx, level, "conversion", attrs...)
	if werr != nil {
		return fmt.Errorf("%s: %w (and the error report was not written: %v)", ref, err, werr)
	}
	return fmt.Errorf("%s: %w", ref, err)
}
