// Command convert is the Lambda function: S3 uploads and HTTP API requests
// become PDF and EPUB books in S3 through pkg/convert, the pipeline the CLI
// uses. Build it with -tags lambda.norpc for the provided.al2023 runtime.
package main

import (
	"fmt"
	"log/slog"
	"os"
	"time"
	_ "time/tzdata" // digest dates in the schedule's zone; provided.al2023 has no zoneinfo to rely on

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/bookify/article2book/internal/firstgc"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage/s3store"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it the VCS revision Go records is used.
var version = ""

func main() {
	// The first invocation after a cold start converts without a garbage
	// collection when the article is of news size (internal/firstgc);
	// later ones are paced by GOGC as they were.
	firstgc.Defer(firstgc.Goal)
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	h, err := newHandler()
	if err != nil {
		// Failing init makes Lambda report the misconfiguration on every
		// invoke instead of converting with it.
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(h.Invoke)
}

func newHandler() (*Handler, error) {
	cfg, err := service.LoadConfig(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	// aws-lambda-go and the SDK write through the standard log package;
	// routed through slog, their lines are JSON like ours.
	slog.SetDefault(log)
	// Region, credentials and endpoint as Lambda sets them, without the
	// SDK's configuration loader and the clients it links (s3store.EnvOptions).
	opts, err := s3store.EnvOptions(os.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	// Path style is ours to set, for S3-compatible servers without
	// virtual-host buckets.
	opts.UsePathStyle = cfg.PathStyle
	// The SDK would print a plain-text line into the JSON log for every
	// object stored without a checksum.
	opts.DisableLogOutputChecksumValidationSkipped = true
	store := s3store.New(s3.New(opts))
	fetcher, err := fetch.New(fetch.Options{
		Timeout:          cfg.FetchTimeout,
		FirstByteTimeout: min(cfg.FetchTimeout, fetch.DefaultFirstByteTimeout),
		Allow:            cfg.FetchAllow,
	})
	if err != nil {
		return nil, fmt.Errorf("fetcher: %w", err)
	}
	return &Handler{Svc: &service.Service{
		Cfg: cfg, Store: store, Links: store, Fetcher: fetcher, Log: log,
		Version: service.ConverterVersion(version), Now: time.Now,
		// Lambda sends one event at a time to an environment; the gate
		// matters where the handler is called concurrently (tests, or a
		// runtime that multiplexes), and costs nothing otherwise.
		Gate: service.NewGate(cfg.MaxConversions, service.DefaultQueueWait),
	}}, nil
}
