package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/storage"
)

// DigestJob is the event of a scheduled digest run (template.yaml's
// DigestSchedule sends it): the digest list to make books of, and the run's
// time.
type DigestJob struct {
	// Digest is the key of the digest list in OUTPUT_BUCKET, e.g.
	// digests/feeds.json (see DigestList).
	Digest string `json:"digest"`
	// Time is the scheduled time of the run (RFC 3339); its date, in
	// Timezone, names and dates the books. Empty: now. A redelivered event
	// carries the same time, so it finds its date done.
	Time string `json:"time,omitempty"`
	// Timezone is the IANA zone of the date; empty: UTC.
	Timezone string `json:"timezone,omitempty"`
}

// DigestList is the digest list stored in the bucket: one book a run for
// each feed, named by Name.
type DigestList struct {
	Feeds []DigestFeed `json:"feeds"`
}

// DigestFeed is one digest of a DigestList.
type DigestFeed struct {
	Name     string `json:"name"` // letters, digits, '.', '_', '-': a key segment
	URL      string `json:"url"`
	MaxItems int    `json:"max_items,omitempty"` // default convert.DefaultFeedItems
	Order    string `json:"order,omitempty"`     // newest (default) or oldest first
}

// DigestResult is what a run did for one digest.
type DigestResult struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	Outcome  string `json:"outcome"` // written, skipped (date done), empty (no new items), failed
	Manifest string `json:"manifest,omitempty"`
	Chapters int    `json:"chapters,omitempty"`
	Error    string `json:"error,omitempty"`
}

// digestState is <OUTPUT_PREFIX>digests/<name>/state.json: the items the
// digest's books already hold and the last date written. It is written
// after the books, so a run that fails before is done again whole, and one
// that succeeded is not done twice.
type digestState struct {
	Name string      `json:"name"`
	Feed string      `json:"feed"`
	Last string      `json:"last"` // date of the last book written
	Runs []digestRun `json:"runs"` // the latest, last
	Seen []seenItem  `json:"seen"` // oldest first
}

type digestRun struct {
	Date     string `json:"date"`
	Manifest string `json:"manifest"`
	Chapters int    `json:"chapters"`
}

type seenItem struct {
	Key  string `json:"key"` // GUID or URL
	Date string `json:"date"`
}

// A state keeps this many runs and item keys, dropping the oldest: a feed
// shows a few dozen items, so an item forgotten this late is long gone from
// it.
const (
	maxStateRuns  = 100
	maxStateItems = 5000
)

// digestName is compiled on first use: its repetition makes a program of
// some 860 allocations that every start of the CLI and the Lambda paid.
var digestName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
})

// ParseDigestJob reads a digest event, refusing unknown fields.
func ParseDigestJob(body []byte) (*DigestJob, error) {
	var j DigestJob
	if err := decodeStrict(body, &j); err != nil {
		return nil, fmt.Errorf("%w: digest event: %v", convert.ErrBadJob, err)
	}
	if j.Digest == "" {
		return nil, fmt.Errorf("%w: digest event names no digest list", convert.ErrBadJob)
	}
	return &j, nil
}

// Digest runs a digest event: for each feed of the list, a book of the
// items no earlier book of the same name holds, written to
// <OUTPUT_PREFIX>digests/<name>/<date>.pdf, .epub and .json (the manifest,
// last), then the state. A date already written is skipped; a feed with
// nothing new writes nothing. Each feed's failure is reported on its own
// (<date>.error.json) and returned together, so that the scheduler retries
// the run, which redoes only what failed.
func (s *Service) Digest(ctx context.Context, trigger string, body []byte) ([]DigestResult, error) {
	ctx, id := ensureRequestID(ctx)
	log := s.Log.With("request_id", id, "trigger", trigger)
	j, err := ParseDigestJob(body)
	if err != nil {
		return nil, err
	}
	if s.Cfg.OutputBucket == "" {
		return nil, NewError(http.StatusInternalServerError, "not_configured", "OUTPUT_BUCKET is not set")
	}
	day, date, err := j.date(s.Now())
	if err != nil {
		return nil, err
	}
	list, err := s.readDigestList(ctx, j.Digest)
	if err != nil {
		log.ErrorContext(ctx, "digest list refused", "key", j.Digest, "error", err.Error())
		return nil, err
	}
	var results []DigestResult
	var errs []error
	for i, f := range list.Feeds {
		// Each digest gets a fair share of the time left; one left
		// undone for lack of it fails the run, and the retry does it.
		fctx, cancel := ctx, context.CancelFunc(func() {})
		if dl, ok := ctx.Deadline(); ok {
			fctx, cancel = context.WithDeadline(ctx, time.Now().Add(time.Until(dl)/time.Duration(len(list.Feeds)-i)))
		}
		r, err := s.digest(fctx, log.With("digest", f.Name, "date", date), j.Digest, f, day, date)
		cancel()
		results = append(results, r)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return results, errors.Join(errs...)
}

// date returns the run's time and its date in the job's zone.
func (j *DigestJob) date(now time.Time) (time.Time, string, error) {
	t := now
	if j.Time != "" {
		var err error
		if t, err = time.Parse(time.RFC3339, j.Time); err != nil {
			return time.Time{}, "", fmt.Errorf("%w: digest time %q is not RFC 3339", convert.ErrBadJob, j.Time)
		}
	}
	loc := time.UTC
	if j.Timezone != "" {
		var err error
		if loc, err = time.LoadLocation(j.Timezone); err != nil {
			return time.Time{}, "", fmt.Errorf("%w: digest timezone %q: %v", convert.ErrBadJob, j.Timezone, err)
		}
	}
	t = t.In(loc)
	return t, t.Format(time.DateOnly), nil
}

func (s *Service) readDigestList(ctx context.Context, key string) (*DigestList, error) {
	obj, err := s.Store.Get(ctx, s.Cfg.OutputBucket, key, 1<<20)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, NewError(http.StatusInternalServerError, "not_configured",
			fmt.Sprintf("no digest list %s in bucket %s", key, s.Cfg.OutputBucket))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read digest list: %w", errStorage, err)
	}
	var l DigestList
	if err := decodeStrict(obj.Body, &l); err != nil {
		return nil, fmt.Errorf("%w: digest list %s: %v", convert.ErrBadJob, key, err)
	}
	var names []string
	for i, f := range l.Feeds {
		if !digestName().MatchString(f.Name) || slices.Contains(names, f.Name) {
			return nil, fmt.Errorf("%w: digest list %s: feed %d: name %q is not unique letters, digits, '.', '_' and '-'", convert.ErrBadJob, key, i+1, f.Name)
		}
		if _, _, err := f.job(); err != nil {
			return nil, fmt.Errorf("digest list %s: feed %q: %w", key, f.Name, err)
		}
		names = append(names, f.Name)
	}
	if len(l.Feeds) == 0 {
		return nil, fmt.Errorf("%w: digest list %s has no feeds", convert.ErrBadJob, key)
	}
	return &l, nil
}

// job is the feed job of a digest, checked as an API request's would be.
func (f DigestFeed) job() (*convert.Job, []convert.Input, error) {
	body, _ := json.Marshal(convert.Job{Feed: f.URL, MaxItems: f.MaxItems, Order: f.Order})
	j, err := convert.ParseJob(body)
	if err != nil {
		return nil, nil, err
	}
	inputs, err := j.Inputs(f.URL)
	return j, inputs, err
}

// digest makes one digest's book for date, unless the date is done or the
// feed has nothing new.
func (s *Service) digest(ctx context.Context, log *slog.Logger, listKey string, f DigestFeed, day time.Time, date string) (DigestResult, error) {
	start := s.Now()
	r := DigestResult{Name: f.Name, Date: date}
	bucket := s.Cfg.OutputBucket
	dir := s.Cfg.OutputPrefix + "digests/" + f.Name + "/"
	base, stateKey := dir+date, dir+"state.json"
	ref := Object{Bucket: bucket, Key: listKey}
	failed := func(err error) (DigestResult, error) {
		r.Outcome, r.Error = "failed", err.Error()
		return r, s.fail(ctx, log, start, ref, bucket, base, fmt.Errorf("digest %s: %w", f.Name, err))
	}
	st, err := s.readState(ctx, stateKey)
	if err != nil {
		return failed(err)
	}
	if st.Last >= date {
		r.Outcome = "skipped"
		log.InfoContext(ctx, "conversion", "outcome", "skipped", "reason", "digest of this date already written", "last", st.Last)
		return r, nil
	}
	seen := map[string]bool{}
	for _, it := range st.Seen {
		seen[it.Key] = true
	}
	job, inputs, err := f.job()
	if err != nil {
		return failed(err)
	}
	opt := s.options()
	opt.Date = day
	job.Apply(&opt)
	opt.Feed.Seen = func(k string) bool { return seen[k] }
	release, err := s.admitObject(ctx)
	if err != nil {
		return failed(err)
	}
	cctx, cancel := work(ctx)
	res, err := convert.Convert(cctx, inputs, opt)
	cancel()
	release()
	if errors.Is(err, convert.ErrNoItems) {
		r.Outcome = "empty"
		log.InfoContext(ctx, "conversion", "outcome", "skipped", "reason", "no new items", "feed", f.URL)
		return r, nil
	}
	if err != nil {
		return failed(err)
	}
	m := s.newManifest(ctx, res, f.URL)
	if err := s.writeBook(ctx, bucket, base, res, m, start); err != nil {
		return failed(err)
	}
	st.Name, st.Feed, st.Last = f.Name, f.URL, date
	st.Runs = append(st.Runs, digestRun{Date: date, Manifest: base + ".json", Chapters: len(res.Book.Chapters)})
	st.Runs = st.Runs[max(0, len(st.Runs)-maxStateRuns):]
	for _, k := range res.Items {
		if !seen[k] {
			seen[k] = true
			st.Seen = append(st.Seen, seenItem{Key: k, Date: date})
		}
	}
	st.Seen = st.Seen[max(0, len(st.Seen)-maxStateItems):]
	body, _ := json.MarshalIndent(st, "", "  ")
	if err := s.Store.Put(ctx, bucket, stateKey, body, storage.PutOptions{ContentType: "application/json; charset=utf-8"}); err != nil {
		return failed(fmt.Errorf("%w: write digest state: %w", errStorage, err))
	}
	if err := s.Store.Delete(ctx, bucket, base+".error.json"); err != nil {
		log.WarnContext(ctx, "stale error report not deleted", "error", err.Error())
	}
	r.Outcome, r.Manifest, r.Chapters = "written", base+".json", len(res.Book.Chapters)
	log.InfoContext(ctx, "conversion", append(m.logAttrs(), "outcome", "ok", "chapters", r.Chapters, "manifest", r.Manifest)...)
	return r, nil
}

// readState returns the digest's state, empty when there is none yet. A
// state that cannot be read fails the digest: taken as empty, it would
// send every item again.
func (s *Service) readState(ctx context.Context, key string) (*digestState, error) {
	obj, err := s.Store.Get(ctx, s.Cfg.OutputBucket, key, 16<<20)
	if errors.Is(err, storage.ErrNotFound) {
		return &digestState{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read digest state: %w", errStorage, err)
	}
	var st digestState
	if err := json.Unmarshal(obj.Body, &st); err != nil {
		return nil, NewError(http.StatusInternalServerError, "internal_error", fmt.Sprintf("digest state %s is unreadable (%v): fix or delete it", key, err))
	}
	return &st, nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON object")
	}
	return nil
}
