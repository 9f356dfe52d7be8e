package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/bookify/article2book/internal/loopback"
	"github.com/bookify/article2book/internal/verify"
)

// The bucket the sample events name.
const bucket = "article2book-sample"

// Limits the function runs with here: small enough for the 413 and 504
// cases to be quick to provoke.
const (
	maxInputBytes = 2 << 20
	fetchTimeout  = 2 * time.Second
)

var env struct {
	repo    string
	s3URL   string
	s3      *s3.Client
	invoke  string       // the emulator's invocation URL
	origin  string       // a loopback site the function may fetch from
	denied  string       // a loopback site it may not
	feed    atomic.Value // the RSS document the origin serves at /feed.xml
	failPUT atomic.Value
	// store is the S3 server's memory, new for every test (freshS3), so
	// that a test run again (go test -count=3) finds none of its earlier
	// objects.
	store     atomic.Pointer[gofakes3.GoFakeS3]
	logs      *loopback.Log
	invokes   atomic.Int64
	timings   sync.Map // name -> time.Duration
	memoryMB  string
	bootstrap string
	arm64     string
}

// freshS3 gives the test an empty S3 server holding only the bucket.
func freshS3(t *testing.T) {
	t.Helper()
	env.store.Store(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)))
	if _, err := env.s3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket: %v", err)
	}
}

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	repo, err := filepath.Abs("..")
	if err != nil {
		return 0, err
	}
	env.repo = repo
	env.failPUT.Store("")
	dir, err := os.MkdirTemp("", "e2e-lambda-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)

	// The bootstrap is built for this machine's architecture with the
	// tags of the deployed arm64 one; the emulator comes from the go.mod
	// tool directive, so both need nothing but the module proxy.
	bootstrap := filepath.Join(dir, "bootstrap")
	rie := filepath.Join(dir, "aws-lambda-rie")
	builds := []*exec.Cmd{
		exec.CommandContext(ctx, "go", "build", "-tags", "lambda.norpc", "-o", bootstrap, "./functions/convert"),
		exec.CommandContext(ctx, "go", "build", "-o", rie, "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"),
		// What sam build runs for the deployed arm64 function.
		exec.CommandContext(ctx, "make", "build-ConvertFunction", "ARTIFACTS_DIR="+filepath.Join(dir, "arm64")),
	}
	var wg sync.WaitGroup
	errs := make([]error, len(builds))
	for i, c := range builds {
		c.Dir = repo
		c.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := c.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%v: %w\n%s", c.Args, err, out)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}

	// S3 over real HTTP on loopback, behind a switch that fails chosen PUTs.
	env.store.Store(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)))
	s3srv, err := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if suffix := env.failPUT.Load().(string); suffix != "" && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, suffix) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected failure</Message></Error>`)
			return
		}
		env.store.Load().Server().ServeHTTP(w, r)
	}))
	if err != nil {
		return 0, err
	}
	defer s3srv.Close()
	env.s3URL = "http://" + s3srv.Addr
	env.s3 = s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(env.s3URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	if _, err := env.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return 0, fmt.Errorf("create bucket: %w", err)
	}

	if err := loadSampleHTML(); err != nil {
		return 0, err
	}
	origin, err := serve(originHandler())
	if err != nil {
		return 0, err
	}
	defer origin.Close()
	env.origin = "http://" + origin.Addr
	denied, err := serve(originHandler())
	if err != nil {
		return 0, err
	}
	defer denied.Close()
	env.denied = "http://" + denied.Addr

	rieAddr, err := loopback.FreeAddr()
	if err != nil {
		return 0, err
	}
	apiAddr, err := loopback.FreeAddr()
	if err != nil {
		return 0, err
	}
	env.memoryMB = "1024"
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", rieAddr, "--runtime-api-address", apiAddr, bootstrap)
	cmd.Dir = dir
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_ENDPOINT_URL_S3=" + env.s3URL,
		"AWS_EC2_METADATA_DISABLED=true",
		"S3_FORCE_PATH_STYLE=true",
		"OUTPUT_BUCKET=" + bucket,
		"MAX_INPUT_BYTES=" + fmt.Sprint(maxInputBytes),
		"FETCH_TIMEOUT=" + fetchTimeout.String(),
		"FETCH_ALLOW=" + origin.Addr,
		"AWS_LAMBDA_FUNCTION_TIMEOUT=60",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + env.memoryMB,
		"AWS_LAMBDA_FUNCTION_NAME=article2book-convert",
	}
	env.logs = &loopback.Log{}
	cmd.Stdout, cmd.Stderr = env.logs, env.logs
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start emulator: %w", err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	// For measuring what a Lambda size buys: E2E_CPU_CGROUP names a cgroup
	// (v1 cpu controller) with a CPU quota, e.g. 0.58 CPU for 1024 MB, that
	// the emulator and the bootstrap it starts then run in.
	if cg := os.Getenv("E2E_CPU_CGROUP"); cg != "" {
		if err := os.WriteFile(filepath.Join(cg, "cgroup.procs"), []byte(fmt.Sprint(cmd.Process.Pid)), 0o644); err != nil {
			return 0, fmt.Errorf("E2E_CPU_CGROUP: %w", err)
		}
	}
	if err := loopback.WaitListening(rieAddr, 20*time.Second); err != nil {
		return 0, fmt.Errorf("emulator: %w\n%s", err, env.logs.String())
	}
	env.invoke = "http://" + rieAddr + "/2015-03-31/functions/function/invocations"

	env.bootstrap = bootstrap
	env.arm64 = filepath.Join(dir, "arm64", "bootstrap")
	code := m.Run()
	peak := peakRSS(bootstrap)
	if code == 0 {
		if err := checkEveryEPUB(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			code = 1
		}
	}
	if code != 0 || testing.Verbose() {
		fmt.Fprintf(os.Stderr, "--- emulator and function output ---\n%s\n", env.logs.String())
	}
	report(peak)
	return code, nil
}

// checkEveryEPUB runs epubcheck on each distinct EPUB the function wrote
// during the tests, whichever test made it.
func checkEveryEPUB(ctx context.Context) error {
	seen := map[string]bool{}
	var errs []error
	p := s3.NewListObjectsV2Paginator(env.s3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list outputs: %w", err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if !strings.HasSuffix(key, ".epub") {
				continue
			}
			obj, err := env.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			if err != nil {
				return fmt.Errorf("get %s: %w", key, err)
			}
			data, err := io.ReadAll(obj.Body)
			obj.Body.Close()
			if err != nil {
				return fmt.Errorf("read %s: %w", key, err)
			}
			if seen[string(data)] {
				continue
			}
			seen[string(data)] = true
			if err := verify.CheckEPUB(data); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", key, err))
			}
		}
	}
	if len(seen) == 0 {
		return errors.New("no EPUB written")
	}
	fmt.Fprintf(os.Stderr, "e2e: epubcheck clean on all %d distinct EPUBs the function wrote\n", len(seen))
	return errors.Join(errs...)
}

// report prints the figures the issue asks for: the emulator's INIT REPORT
// and the cold and warm conversion times.
func report(peakKB int) {
	logs := env.logs.String()
	init := regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)|Init Duration: ([0-9.]+) ms`).FindStringSubmatch(logs)
	fmt.Fprintf(os.Stderr, "e2e figures: memory %s MB configured, bootstrap peak RSS %d MB", env.memoryMB, peakKB>>10)
	if init != nil {
		fmt.Fprintf(os.Stderr, ", init %s%s ms", init[1], init[2])
	}
	for _, k := range []string{"cold", "warm"} {
		if d, ok := env.timings.Load(k); ok {
			fmt.Fprintf(os.Stderr, ", %s S3 conversion %v", k, d.(time.Duration).Round(time.Millisecond))
		}
	}
	fmt.Fprintln(os.Stderr)
}

// peakRSS reads the high-water mark of resident memory of the running
// bootstrap (VmHWM), in KiB: the figure MemorySize is chosen from.
func peakRSS(bootstrap string) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		exe, err := os.Readlink(d + "/exe")
		if err != nil || exe != bootstrap {
			continue
		}
		status, err := os.ReadFile(d + "/status")
		if err != nil {
			continue
		}
		if m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status); m != nil {
			var kb int
			fmt.Sscan(string(m[1]), &kb)
			return kb
		}
	}
	return 0
}

type server struct {
	Addr string
	srv  *http.Server
}

func (s *server) Close() { s.srv.Close() }

func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{Addr: ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

// originHandler is a source site: /error answers 500, /slow answers after
// the function's fetch timeout, /feed.xml the feed a test set in env.feed,
// anything else a small article.
func originHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/error":
			http.Error(w, "upstream broke", http.StatusInternalServerError)
		case "/feed.xml":
			feed, _ := env.feed.Load().(string)
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			io.WriteString(w, feed)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(3 * fetchTimeout):
			}
			io.WriteString(w, "<html><body><p>too late</p></body></html>")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, sampleHTML)
		}
	})
}

// logLines returns the function's JSON log lines after offset n.
func logLines(n int) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(env.logs.Since(n)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, `{"time"`); i >= 0 {
			var m map[string]any
			if json.Unmarshal([]byte(line[i:]), &m) == nil {
				out = append(out, m)
			}
		}
	}
	return out
}

// conversionLines returns the function's "conversion" log lines after
// offset n. The emulator relays the function's output through a pipe that
// may lag the response, so it waits up to 5 s for the first such line.
func conversionLines(t testing.TB, n int) []map[string]any {
	t.Helper()
	var out []map[string]any
	verify.Await(t, "the conversion's log line", func() bool {
		out = out[:0]
		for _, l := range logLines(n) {
			if l["msg"] == "conversion" {
				out = append(out, l)
			}
		}
		return len(out) > 0
	})
	return out
}

// rieLine matches the emulator's own output, which is not the function's.
var rieLine = regexp.MustCompile(`^(START|END|REPORT) RequestId|^\d{2} \w{3} \d{4} [\d:,]+ \[\w+\] \(rapid\)`)

// checkJSONLogs fails t unless every line the function wrote after offset
// n is a JSON object: Lambda's JSON log format takes them as they are.
func checkJSONLogs(t *testing.T, n int) {
	t.Helper()
	for _, line := range strings.Split(env.logs.Since(n), "\n") {
		if line == "" || rieLine.MatchString(line) {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["level"] == nil || m["msg"] == nil {
			t.Errorf("function log line is not slog JSON: %s", line)
		}
	}
}

// invokeResult is what the emulator answered.
type invokeResult struct {
	Body     []byte
	Duration time.Duration
	LogStart int
}

// FunctionError returns the errorType of a function error, or "".
func (r invokeResult) FunctionError() string {
	var e struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(r.Body, &e) == nil && e.ErrorMessage != "" {
		return e.ErrorType
	}
	return ""
}

// invoke sends an event to the function through the emulator. The emulator
// runs one invoke at a time, as one Lambda execution environment does.
var invokeMu sync.Mutex

func invoke(t *testing.T, event []byte) invokeResult {
	t.Helper()
	invokeMu.Lock()
	defer invokeMu.Unlock()
	start := len(env.logs.String())
	t0 := time.Now()
	// Past the function's 60 s timeout the emulator should have answered;
	// a hang fails this test instead of the whole run's deadline.
	client := &http.Client{Timeout: 90 * time.Second}
	resp, err := client.Post(env.invoke, "application/json", bytes.NewReader(event))
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("invoke: read: %v", err)
	}
	d := time.Since(t0)
	env.invokes.Add(1)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("invoke: emulator answered %s: %s\n%s", resp.Status, body, env.logs.Since(start))
	}
	return invokeResult{Body: body, Duration: d, LogStart: start}
}

func readEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.repo, "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.repo, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
