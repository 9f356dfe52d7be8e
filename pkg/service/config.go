package service

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/fetch"
)

// Config is the service's configuration: the Lambda reads it from the
// environment once at init (see the README section for each variable), the
// local API server builds it from its flags.
type Config struct {
	// InputBucket is the one bucket whose uploads are converted; empty:
	// any bucket that notifies the function.
	InputBucket  string
	OutputBucket string // empty: the input's bucket
	InputPrefix  string
	OutputPrefix string
	PageSize     convert.PageSize
	Font         convert.Face // body face, FONT: kai or song
	// WritingMode is the default writing mode (WRITING_MODE); a job's
	// writing_mode wins.
	WritingMode convert.WritingMode
	// PDFStandard is the default choice of the standards a PDF claims
	// (PDF_STANDARD); a job's pdf_standard wins.
	PDFStandard   convert.PDFStandard
	MaxInputBytes int64
	FetchTimeout  time.Duration
	FetchAllow    []string // non-public addresses fetch may dial; tests only
	PresignTTL    time.Duration
	PathStyle     bool
	LogLevel      slog.Level
	// MaxConversions bounds the conversions in flight (see Gate); 0:
	// DefaultConversions.
	MaxConversions int
}

// LoadConfig reads the configuration through lookupEnv (os.LookupEnv in
// main) and refuses one whose outputs would land where they trigger the
// function.
func LoadConfig(lookupEnv func(string) (string, bool)) (*Config, error) {
	getenv := func(k string) string { v, _ := lookupEnv(k); return v }
	c := &Config{
		InputBucket:   getenv("INPUT_BUCKET"),
		OutputBucket:  getenv("OUTPUT_BUCKET"),
		InputPrefix:   "inbox/",
		OutputPrefix:  "out/",
		MaxInputBytes: convert.MaxInputBytes,
		FetchTimeout:  fetch.DefaultTimeout,
		PresignTTL:    time.Hour,
		LogLevel:      slog.LevelInfo,
	}
	// An empty INPUT_PREFIX is a choice (the whole bucket), so only an
	// unset variable takes the default.
	if v, ok := lookupEnv("INPUT_PREFIX"); ok {
		c.InputPrefix = v
	}
	if v, ok := lookupEnv("OUTPUT_PREFIX"); ok {
		c.OutputPrefix = v
	}
	var errs []error
	for _, o := range []struct {
		env string
		v   flag.Value
	}{{"PAGE_SIZE", &c.PageSize}, {"FONT", &c.Font}, {"WRITING_MODE", &c.WritingMode}, {"PDF_STANDARD", &c.PDFStandard}} {
		if err := o.v.Set(getenv(o.env)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", o.env, err))
		}
	}
	errs = append(errs, c.loadLimits(getenv)...)
	if err := c.loadLogLevel(getenv("AWS_LAMBDA_LOG_LEVEL")); err != nil {
		errs = append(errs, err)
	}
	if c.OutputBucket == "" {
		if err := c.CheckLoop(""); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	return c, nil
}

// loadLimits reads the variables that bound a conversion and the
// service: sizes, times, conversions at once, and S3's addressing.
func (c *Config) loadLimits(getenv func(string) string) []error {
	var errs []error
	if v := getenv("MAX_INPUT_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > convert.MaxInputBytes {
			errs = append(errs, fmt.Errorf("MAX_INPUT_BYTES=%q: want a byte count from 1 to %d", v, convert.MaxInputBytes))
		}
		c.MaxInputBytes = n
	}
	if v := getenv("FETCH_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("FETCH_TIMEOUT=%q: want a duration such as 20s", v))
		}
		c.FetchTimeout = d
	}
	if v := getenv("FETCH_ALLOW"); v != "" {
		allow, err := fetch.ParseAllowList(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("FETCH_ALLOW: %w", err))
		}
		c.FetchAllow = allow
	}
	if v := getenv("PRESIGN_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 7*24*time.Hour {
			errs = append(errs, fmt.Errorf("PRESIGN_TTL=%q: want a duration up to 168h", v))
		}
		c.PresignTTL = d
	}
	if v := getenv("MAX_CONVERSIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1024 {
			errs = append(errs, fmt.Errorf("MAX_CONVERSIONS=%q: want a number from 1 to 1024", v))
		}
		c.MaxConversions = n
	}
	if v := getenv("S3_FORCE_PATH_STYLE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("S3_FORCE_PATH_STYLE=%q: want true or false", v))
		}
		c.PathStyle = b
	}
	return errs
}

// loadLogLevel reads AWS_LAMBDA_LOG_LEVEL: Lambda's JSON log format passes
// the level chosen in the template there. Lambda's levels include TRACE
// and FATAL, which slog lacks.
func (c *Config) loadLogLevel(v string) error {
	switch v = strings.ToUpper(v); v {
	case "":
	case "TRACE":
		c.LogLevel = slog.LevelDebug - 4
	case "FATAL":
		c.LogLevel = slog.LevelError + 4
	default:
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("AWS_LAMBDA_LOG_LEVEL=%q: %w", v, err)
		}
	}
	return nil
}

// ErrLoop reports a configuration whose outputs would be taken as input.
var ErrLoop = errors.New("outputs would trigger the function")

// CheckLoop checks the prefixes for an input in bucket (empty: outputs go
// to the input's own bucket). Outputs written under the input prefix would come
// back as new uploads, converting their own results forever.
func (c *Config) CheckLoop(bucket string) error {
	if c.OutputBucket != "" && bucket != c.OutputBucket {
		return nil
	}
	if strings.HasPrefix(c.OutputPrefix, c.InputPrefix) || strings.HasPrefix(c.InputPrefix, c.OutputPrefix) {
		return fmt.Errorf("%w: INPUT_PREFIX=%q and OUTPUT_PREFIX=%q overlap in the same bucket; set distinct prefixes or another OUTPUT_BUCKET",
			ErrLoop, c.InputPrefix, c.OutputPrefix)
	}
	return nil
}

// outputBucket is where the outputs of an input in bucket go.
func (c *Config) outputBucket(bucket string) string {
	if c.OutputBucket != "" {
		return c.OutputBucket
	}
	return bucket
}
