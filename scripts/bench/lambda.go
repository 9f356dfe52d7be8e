package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/bookify/article2book/internal/loopback"
)

// lambdaResult is the function under the Runtime Interface Emulator.
type lambdaResult struct {
	memoryMB        int
	starts          int           // cold starts measured
	init            time.Duration // median INIT REPORT
	cold            time.Duration // median: invoke sent to answer, bootstrap not yet started
	coldDuration    time.Duration // median REPORT Duration of the first invoke
	warm            time.Duration // median REPORT Duration of the later invokes
	warmBilled      time.Duration // median Billed Duration of the later invokes
	coldBilled      time.Duration // median Billed Duration of the first invokes
	diskInit        time.Duration // INIT REPORT of a start reading the bootstrap from disk
	diskCold        time.Duration // its cold start + first conversion
	peakKB          int64         // largest VmHWM of the bootstrap
	zipBytes        int64         // the arm64 deployment package, zipped
	bootstrapBytes  int64         // the arm64 bootstrap
	warmInvocations int
}

var (
	initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)
	endReport  = regexp.MustCompile(`REPORT RequestId: \S+\s+(?:Init Duration: [0-9.]+ ms\s+)?Duration: ([0-9.]+) ms\s+Billed Duration: ([0-9.]+) ms`)
)

// templateMemory reads the function's MemorySize from template.yaml.
func templateMemory(repo string) (int, error) {
	b, err := os.ReadFile(filepath.Join(repo, "template.yaml"))
	if err != nil {
		return 0, err
	}
	m := regexp.MustCompile(`(?m)^\s+MemorySize:\s*(\d+)`).FindSubmatch(b)
	if m == nil {
		return 0, errors.New("template.yaml: no MemorySize")
	}
	return strconv.Atoi(string(m[1]))
}

// benchLambda builds the bootstrap as the deployed one is built (tags,
// trimpath, stripped) for this machine, and for arm64 to zip it; then, for
// one cold start from disk and starts more, runs a fresh emulator, invokes it with the
// sample text event once (the emulator starts the bootstrap on the first
// invoke, as Lambda does) and warm more times.
func benchLambda(ctx context.Context, repo, tmp string, starts, warm int) (lambdaResult, error) {
	var res lambdaResult
	var err error
	if res.memoryMB, err = templateMemory(repo); err != nil {
		return res, err
	}
	bootstrap := filepath.Join(tmp, "bootstrap")
	rie := filepath.Join(tmp, "aws-lambda-rie")
	arm := filepath.Join(tmp, "arm64")
	builds := []*exec.Cmd{
		exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", bootstrap, "./functions/convert"),
		exec.CommandContext(ctx, "go", "build", "-o", rie, "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"),
		exec.CommandContext(ctx, "make", "--no-print-directory", "build-ConvertFunction", "ARTIFACTS_DIR="+arm),
	}
	for _, c := range builds {
		c.Dir = repo
		c.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := c.CombinedOutput(); err != nil {
			return res, fmt.Errorf("%v: %w\n%s", c.Args, err, out)
		}
	}
	if res.bootstrapBytes, res.zipBytes, err = zipSize(filepath.Join(arm, "bootstrap")); err != nil {
		return res, err
	}

	event, err := os.ReadFile(filepath.Join(repo, "events", "invoke-text.json"))
	if err != nil {
		return res, err
	}
	s3, err := fakeS3()
	if err != nil {
		return res, err
	}
	defer s3.Close()

	var inits, colds, coldDurs, coldBilled, warms, warmBilled []time.Duration
	for i := range 1 + starts {
		if i == 0 {
			// The first start reads the bootstrap from disk, as a new
			// execution environment reads its package; the others find it
			// in the page cache, as the e2e suite's start does.
			for _, bin := range []string{bootstrap, rie} {
				if err := evict(bin); err != nil {
					return res, err
				}
			}
		}
		r, err := coldStart(ctx, tmp, rie, bootstrap, s3.URL, res.memoryMB, event, warm)
		if err != nil {
			return res, err
		}
		if i == 0 {
			res.diskInit, res.diskCold = r.init, r.cold
			continue
		}
		inits = append(inits, r.init)
		colds = append(colds, r.cold)
		coldDurs = append(coldDurs, r.durations[0])
		coldBilled = append(coldBilled, r.billed[0])
		warms = append(warms, r.durations[1:]...)
		warmBilled = append(warmBilled, r.billed[1:]...)
		res.peakKB = max(res.peakKB, r.peakKB)
	}
	id := func(d time.Duration) time.Duration { return d }
	res.starts = starts
	res.warmInvocations = len(warms)
	res.init, res.cold = median(inits, id), median(colds, id)
	res.coldDuration, res.coldBilled = median(coldDurs, id), median(coldBilled, id)
	res.warm, res.warmBilled = median(warms, id), median(warmBilled, id)
	return res, nil
}

type startResult struct {
	init, cold        time.Duration
	durations, billed []time.Duration // per invoke, the first one cold
	peakKB            int64
}

func coldStart(ctx context.Context, tmp, rie, bootstrap, s3URL string, memoryMB int, event []byte, warm int) (startResult, error) {
	var res startResult
	rieAddr, logs, stop, err := startEmulator(ctx, tmp, rie, bootstrap, s3URL, memoryMB)
	if err != nil {
		return res, err
	}
	defer stop()
	url := "http://" + rieAddr + "/2015-03-31/functions/function/invocations"
	client := &http.Client{Timeout: 90 * time.Second}
	for i := range 1 + warm {
		t0 := time.Now()
		resp, err := client.Post(url, "application/json", bytes.NewReader(event))
		if err != nil {
			return res, fmt.Errorf("invoke: %w", err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"pdf"`)) {
			return res, fmt.Errorf("invoke: %s %s %v\n%s", resp.Status, body, err, logs.String())
		}
		if i == 0 {
			res.cold = d
		}
	}
	if err := readReports(&res, logs, 1+warm); err != nil {
		return res, err
	}
	res.peakKB = bootstrapPeak(bootstrap)
	return res, nil
}

// startEmulator starts the Lambda Runtime Interface Emulator running
// bootstrap as a function of memoryMB against the S3 server at s3URL, and
// returns its address, its log and how to stop it.
func startEmulator(ctx context.Context, tmp, rie, bootstrap, s3URL string, memoryMB int) (addr string, logs *loopback.Log, stop func(), err error) {
	rieAddr, err := loopback.FreeAddr()
	if err != nil {
		return "", nil, nil, err
	}
	apiAddr, err := loopback.FreeAddr()
	if err != nil {
		return "", nil, nil, err
	}
	home, err := os.MkdirTemp(tmp, "rie-")
	if err != nil {
		return "", nil, nil, err
	}
	cmd := exec.CommandContext(ctx, rie, "--runtime-interface-emulator-address", rieAddr, "--runtime-api-address", apiAddr, bootstrap)
	cmd.Dir = home
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=bench",
		"AWS_SECRET_ACCESS_KEY=bench",
		"AWS_ENDPOINT_URL_S3=" + s3URL,
		"AWS_EC2_METADATA_DISABLED=true",
		"S3_FORCE_PATH_STYLE=true",
		"OUTPUT_BUCKET=" + benchBucket,
		"AWS_LAMBDA_FUNCTION_TIMEOUT=60",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(memoryMB),
		"AWS_LAMBDA_FUNCTION_NAME=article2book-convert",
	}
	logs = &loopback.Log{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return "", nil, nil, fmt.Errorf("start emulator: %w", err)
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	if err := loopback.WaitListening(rieAddr, 20*time.Second); err != nil {
		stop()
		return "", nil, nil, fmt.Errorf("emulator: %w\n%s", err, logs.String())
	}
	return rieAddr, logs, stop, nil
}

// readReports reads the emulator's REPORT lines of n invokes and its INIT
// REPORT into res. The emulator prints a REPORT line after answering, so
// the last may come a little after the last answer.
func readReports(res *startResult, logs *loopback.Log, n int) error {
	deadline := time.Now().Add(5 * time.Second)
	var reports [][]string
	for time.Now().Before(deadline) {
		if reports = endReport.FindAllStringSubmatch(logs.String(), -1); len(reports) == n {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(reports) != n {
		return fmt.Errorf("emulator printed %d REPORT lines for %d invokes:\n%s", len(reports), n, logs.String())
	}
	for _, m := range reports {
		res.durations = append(res.durations, msDuration(m[1]))
		res.billed = append(res.billed, msDuration(m[2]))
	}
	m := initReport.FindStringSubmatch(logs.String())
	if m == nil {
		return fmt.Errorf("no INIT REPORT in the emulator's output:\n%s", logs.String())
	}
	res.init = msDuration(m[1])
	return nil
}

const benchBucket = "article2book-bench"

type s3Server struct {
	URL string
	srv *http.Server
}

func (s *s3Server) Close() { s.srv.Close() }

// fakeS3 serves the S3 protocol on loopback (gofakes3, as the e2e tests
// do), with the output bucket made.
func fakeS3() (*s3Server, error) {
	faker := gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true), gofakes3.WithLogger(gofakes3.DiscardLog()))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &s3Server{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	req, err := http.NewRequest(http.MethodPut, s.URL+"/"+benchBucket, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("create bucket: %w", err)
	}
	resp.Body.Close()
	return s, nil
}

// zipSize returns the size of the bootstrap and of the deployment package
// holding it (deflate at its best compression, as zip -9 does).
func zipSize(bootstrap string) (raw, zipped int64, err error) {
	f, err := os.Open(bootstrap)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	var buf countWriter
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	hdr := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	hdr.SetMode(0o755)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		return 0, 0, err
	}
	if _, err := io.Copy(w, f); err != nil {
		return 0, 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, 0, err
	}
	return info.Size(), buf.n, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// bootstrapPeak is the high-water mark of resident memory (VmHWM, KiB) of
// the running process whose executable is bootstrap.
func bootstrapPeak(bootstrap string) int64 {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if exe, err := os.Readlink(d + "/exe"); err == nil && exe == bootstrap {
			return max(statusField(d, "VmHWM:"), 0)
		}
	}
	return 0
}

func msDuration(s string) time.Duration {
	f, _ := strconv.ParseFloat(s, 64)
	return time.Duration(f * float64(time.Millisecond))
}
