package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/bookify/article2book/internal/verify"
)

type object struct {
	Body               []byte
	ContentType        string
	ContentDisposition string
	Metadata           map[string]string
	ETag               string
}

func putObject(t *testing.T, key string, body []byte, meta map[string]string) string {
	t.Helper()
	out, err := env.s3.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body), Metadata: meta,
	})
	if err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return strings.Trim(aws.ToString(out.ETag), `"`)
}

// getObject returns the object, or nil when there is none.
func getObject(t *testing.T, key string) *object {
	t.Helper()
	out, err := env.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchKey" {
		return nil
	}
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &object{Body: b, ContentType: aws.ToString(out.ContentType), ContentDisposition: aws.ToString(out.ContentDisposition),
		Metadata: out.Metadata, ETag: strings.Trim(aws.ToString(out.ETag), `"`)}
}

// manifest is the part of <stem>.json the tests read.
type manifest struct {
	Title    string `json:"title"`
	Language string `json:"language"`
	Source   string `json:"source"`
	Input    struct {
		Bucket, Key, ETag, SHA256 string
		Size                      int64
	} `json:"input"`
	Outputs map[string]struct {
		Key         string `json:"key"`
		ContentType string `json:"content_type"`
		Size        int    `json:"size"`
		SHA256      string `json:"sha256"`
	} `json:"outputs"`
	Pages            int      `json:"pages"`
	Warnings         []string `json:"warnings"`
	ConverterVersion string   `json:"converter_version"`
	Created          string   `json:"created"`
}

// checkBook checks the PDF, EPUB and manifest written for an input under
// base, and returns the manifest.
func checkBook(t *testing.T, base string, input []byte, inputKey string) manifest {
	t.Helper()
	mo := getObject(t, base+".json")
	if mo == nil {
		t.Fatalf("no manifest %s.json", base)
	}
	if !strings.HasPrefix(mo.ContentType, "application/json") {
		t.Errorf("manifest Content-Type %q", mo.ContentType)
	}
	var m manifest
	if err := json.Unmarshal(mo.Body, &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, mo.Body)
	}
	if m.Title == "" || m.Language == "" || m.Pages < 1 || m.ConverterVersion == "" || m.Source == "" {
		t.Errorf("manifest lacks title, language, pages, source or version: %s", mo.Body)
	}
	if input != nil {
		sum := sha256.Sum256(input)
		md := md5.Sum(input)
		if m.Input.Key != inputKey || m.Input.ETag != hex.EncodeToString(md[:]) || m.Input.SHA256 != hex.EncodeToString(sum[:]) || m.Input.Size != int64(len(input)) {
			t.Errorf("manifest input %+v, want key %q, ETag %x, SHA-256 %x, size %d", m.Input, inputKey, md, sum, len(input))
		}
	}
	for _, f := range []struct{ name, ext, ctype, magic string }{
		{"pdf", ".pdf", "application/pdf", "%PDF-"},
		{"epub", ".epub", "application/epub+zip", "PK\x03\x04"},
	} {
		o := getObject(t, base+f.ext)
		if o == nil {
			t.Errorf("no %s%s", base, f.ext)
			continue
		}
		if o.ContentType != f.ctype {
			t.Errorf("%s Content-Type %q, want %q", f.name, o.ContentType, f.ctype)
		}
		if !bytes.HasPrefix(o.Body, []byte(f.magic)) {
			t.Errorf("%s does not start with %q", f.name, f.magic)
		}
		out := m.Outputs[f.name]
		sum := sha256.Sum256(o.Body)
		if out.Key != base+f.ext || out.Size != len(o.Body) || out.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("manifest output %s %+v does not describe the %d-byte object", f.name, out, len(o.Body))
		}
		checkDisposition(t, o.ContentDisposition, m.Title+f.ext)
		if o.Metadata["source"] == "" || o.Metadata["manifest"] == "" {
			t.Errorf("%s metadata %v lacks source and manifest", f.name, o.Metadata)
		}
		if f.name == "epub" {
			zr, err := zip.NewReader(bytes.NewReader(o.Body), int64(len(o.Body)))
			if err != nil || len(zr.File) == 0 || zr.File[0].Name != "mimetype" {
				t.Errorf("EPUB is not a zip starting with mimetype: %v", err)
			}
		}
	}
	return m
}

// checkDisposition parses Content-Disposition as a browser would and wants
// the UTF-8 file name (RFC 6266, RFC 5987) to be want, minus the characters
// file names cannot hold.
func checkDisposition(t *testing.T, cd, want string) {
	t.Helper()
	disp, params, err := mime.ParseMediaType(cd)
	if err != nil {
		t.Errorf("Content-Disposition %q: %v", cd, err)
		return
	}
	if disp != "attachment" || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q: want attachment with filename*=UTF-8''", cd)
	}
	// mime decodes filename* into "filename".
	got := params["filename"]
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, want)
	if got != clean {
		t.Errorf("Content-Disposition file name %q, want %q", got, clean)
	}
	for _, r := range cd {
		if r > 0x7e {
			t.Errorf("Content-Disposition %q is not ASCII", cd)
			break
		}
	}
}

func setKey(t *testing.T, event []byte, key, etag string) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(event, &ev); err != nil {
		t.Fatal(err)
	}
	obj := ev["Records"].([]any)[0].(map[string]any)["s3"].(map[string]any)["object"].(map[string]any)
	obj["key"] = strings.ReplaceAll(url.QueryEscape(key), "%2F", "/")
	if etag != "" {
		// S3 states the ETag and the size of the version it announces.
		obj["eTag"] = etag
		head, err := env.s3.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("head %s: %v", key, err)
		}
		obj["size"] = aws.ToInt64(head.ContentLength)
	}
	b, _ := json.Marshal(ev)
	return b
}

// The sample .txt upload: cold, then the same conversion warm under
// another key, then the redelivered event skipped.
func TestS3PutText(t *testing.T) {
	freshS3(t)
	sample := readTestdata(t, "sample-zh.txt")
	event := readEvent(t, "s3-put.json")
	etag := putObject(t, "inbox/sample-zh.txt", sample, nil)
	if !bytes.Contains(event, []byte(etag)) {
		t.Errorf("events/s3-put.json does not carry the sample's ETag %s: keep them in step", etag)
	}
	cold := env.invokes.Load() == 0
	r := invoke(t, event)
	if fe := r.FunctionError(); fe != "" || string(r.Body) != "null" {
		t.Fatalf("S3 put: %s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	if cold {
		env.timings.Store("cold", r.Duration)
	}
	m := checkBook(t, "out/files/sample-zh.txt", sample, "inbox/sample-zh.txt")
	if m.Title != "全国网信办主任会议在京召开" || m.Language != "zh-Hans" {
		t.Errorf("title %q language %q", m.Title, m.Language)
	}
	if !strings.Contains(m.Source, "12377.cn") {
		t.Errorf("source %q: want the URL the text names", m.Source)
	}
	// The documents hold the article, every character in order, as a
	// reader's software extracts it; the EPUB passes epubcheck.
	_, body, _ := strings.Cut(string(sample), "\n\n")
	paras := append([]string{m.Title}, strings.Split(body, "\n")...)
	verify.InOrder(t, "PDF", paras, verify.PDFText(t, getObject(t, "out/files/sample-zh.txt.pdf").Body))
	epub := getObject(t, "out/files/sample-zh.txt.epub").Body
	verify.InOrder(t, "EPUB", paras, verify.EPUBText(t, epub))
	verify.EPUBCheck(t, epub)
	lines := conversionLines(t, r.LogStart)
	var conv map[string]any
	if len(lines) > 0 {
		conv = lines[len(lines)-1]
	}
	if conv == nil || conv["outcome"] != "ok" || conv["pages"] == nil || conv["pdf_bytes"] == nil || conv["request_id"] == "" {
		t.Errorf("no JSON conversion log line with its figures: %v", lines)
	}
	checkJSONLogs(t, r.LogStart)

	// Warm: the same conversion under another key, with spaces.
	putObject(t, "inbox/warm/sample zh.txt", sample, nil)
	r = invoke(t, setKey(t, event, "inbox/warm/sample zh.txt", etag))
	if string(r.Body) != "null" {
		t.Fatalf("warm: %s", r.Body)
	}
	env.timings.Store("warm", r.Duration)
	checkBook(t, "out/files/warm/sample zh.txt", sample, "inbox/warm/sample zh.txt")

	// Redelivered: skipped, the outputs untouched.
	before := getObject(t, "out/files/sample-zh.txt.json")
	pdfBefore := getObject(t, "out/files/sample-zh.txt.pdf")
	r = invoke(t, event)
	if string(r.Body) != "null" {
		t.Fatalf("redelivery: %s", r.Body)
	}
	after := getObject(t, "out/files/sample-zh.txt.json")
	if !bytes.Equal(before.Body, after.Body) || getObject(t, "out/files/sample-zh.txt.pdf").ETag != pdfBefore.ETag {
		t.Errorf("redelivered event rewrote the outputs")
	}
	// The function's log line can reach the emulator's output after the
	// answer does (it did under load): wait for it.
	verify.Await(t, "the redelivery's skipped log line", func() bool {
		return strings.Contains(env.logs.Since(r.LogStart), `"outcome":"skipped"`)
	})
}

// A Chinese page under a key with spaces and Chinese characters, in an SQS
// message beside an s3:TestEvent.
func TestSQSChineseKey(t *testing.T) {
	freshS3(t)
	page := readTestdata(t, "pages/gmw/source.html")
	key := "inbox/新闻/光明网 文章.html"
	putObject(t, key, page, nil)
	r := invoke(t, readEvent(t, "sqs-s3-put.json"))
	var resp struct {
		BatchItemFailures []struct{ ItemIdentifier string } `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(r.Body, &resp); err != nil || resp.BatchItemFailures == nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("SQS response %s (%v): want an empty batchItemFailures\n%s", r.Body, err, env.logs.Since(r.LogStart))
	}
	m := checkBook(t, "out/files/新闻/光明网 文章.html", page, key)
	if !strings.Contains(m.Title, "宇航员在太空中喝酒") || m.Language != "zh-Hans" {
		t.Errorf("title %q language %q", m.Title, m.Language)
	}
}

// An HTML page with its address in the source-url metadata, and a failing
// record beside it in the same event.
func TestS3SeveralRecordsOneFails(t *testing.T) {
	freshS3(t)
	page := readTestdata(t, "pages/qq/source.html")
	putObject(t, "inbox/multi/qq.html", page, map[string]string{"source-url": "https://new.qq.com/omn/20190101/example.html"})
	putObject(t, "inbox/multi/empty.html", []byte("<html><head><title>x</title></head><body></body></html>"), nil)
	var ev map[string]any
	json.Unmarshal(readEvent(t, "s3-put.json"), &ev)
	rec := ev["Records"].([]any)[0]
	b, _ := json.Marshal(rec)
	var bad, good map[string]any
	json.Unmarshal(b, &bad)
	json.Unmarshal(b, &good)
	bad["s3"].(map[string]any)["object"].(map[string]any)["key"] = "inbox/multi/empty.html"
	good["s3"].(map[string]any)["object"].(map[string]any)["key"] = "inbox/multi/qq.html"
	ev["Records"] = []any{bad, good}
	event, _ := json.Marshal(ev)

	r := invoke(t, event)
	if fe := r.FunctionError(); fe != "not_an_article" {
		t.Errorf("function error %q (%s), want not_an_article reported to the runtime", fe, r.Body)
	}
	m := checkBook(t, "out/files/multi/qq.html", page, "inbox/multi/qq.html")
	if m.Source != "https://new.qq.com/omn/20190101/example.html" {
		t.Errorf("source %q: want the source-url metadata", m.Source)
	}
	if getObject(t, "out/files/multi/empty.html.json") != nil {
		t.Error("a manifest for the failed page")
	}
	rep := getObject(t, "out/files/multi/empty.html.error.json")
	if rep == nil {
		t.Fatal("no error report for the failed page")
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(rep.Body, &e); e.Error.Code != "not_an_article" || e.Error.Message == "" {
		t.Errorf("error report %s", rep.Body)
	}
}

// Outputs written back into the bucket come back as events when the
// notification is misconfigured: they are acknowledged and not converted.
func TestOutputPrefixIgnored(t *testing.T) {
	freshS3(t)
	sample := readTestdata(t, "sample-zh.txt")
	etag := putObject(t, "out/loop/sample.txt", sample, nil)
	r := invoke(t, setKey(t, readEvent(t, "s3-put.json"), "out/loop/sample.txt", etag))
	if string(r.Body) != "null" {
		t.Fatalf("%s", r.Body)
	}
	for _, k := range []string{"out/loop/sample.txt.json", "out/loop/sample.txt.pdf", "out/files/loop/sample.txt.json", "out/files/out/loop/sample.txt.json", "out/loop/sample.txt.error.json"} {
		if getObject(t, k) != nil {
			t.Errorf("%s written for an output-prefix event", k)
		}
	}
	verify.Await(t, "the ignored event's log line", func() bool {
		return strings.Contains(env.logs.Since(r.LogStart), "under the output prefix")
	})
}

func TestTestEventAndEmptyRecords(t *testing.T) {
	freshS3(t)
	for _, ev := range [][]byte{readEvent(t, "s3-test-event.json"), []byte(`{"Records":[]}`)} {
		r := invoke(t, ev)
		if string(r.Body) != "null" {
			t.Errorf("%s: answered %s", ev, r.Body)
		}
	}
}

func TestEventBridge(t *testing.T) {
	freshS3(t)
	sample := readTestdata(t, "sample-zh.txt")
	putObject(t, "inbox/eventbridge/sample-zh.txt", sample, nil)
	r := invoke(t, readEvent(t, "eventbridge-s3.json"))
	if string(r.Body) != "null" {
		t.Fatalf("%s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	checkBook(t, "out/files/eventbridge/sample-zh.txt", sample, "inbox/eventbridge/sample-zh.txt")
}

// An S3 server failing the EPUB's PutObject: no manifest, an error report,
// and the error reported to the runtime so SQS retries it.
func TestPutFailure(t *testing.T) {
	freshS3(t)
	sample := readTestdata(t, "sample-zh.txt")
	etag := putObject(t, "inbox/fail/sample-zh.txt", sample, nil)
	env.failPUT.Store(".epub")
	defer env.failPUT.Store("")
	r := invoke(t, setKey(t, readEvent(t, "s3-put.json"), "inbox/fail/sample-zh.txt", etag))
	if fe := r.FunctionError(); fe != "storage_error" {
		t.Errorf("function error %q (%s), want storage_error", fe, r.Body)
	}
	checkJSONLogs(t, r.LogStart)
	if getObject(t, "out/files/fail/sample-zh.txt.json") != nil {
		t.Error("manifest written although the EPUB was not")
	}
	rep := getObject(t, "out/files/fail/sample-zh.txt.error.json")
	if rep == nil || !strings.Contains(string(rep.Body), "storage_error") {
		t.Errorf("error report: %v", rep)
	}

	// The retry, with S3 healthy again, completes and clears the report.
	env.failPUT.Store("")
	r = invoke(t, setKey(t, readEvent(t, "s3-put.json"), "inbox/fail/sample-zh.txt", etag))
	if string(r.Body) != "null" {
		t.Fatalf("retry: %s", r.Body)
	}
	checkBook(t, "out/files/fail/sample-zh.txt", sample, "inbox/fail/sample-zh.txt")
	if getObject(t, "out/files/fail/sample-zh.txt.error.json") != nil {
		t.Error("stale error report left after a successful retry")
	}
}

// Outputs under the input prefix would trigger the function again: the
// bootstrap refuses to start with such a configuration.
func TestLoopingConfigurationRefused(t *testing.T) {
	freshS3(t)
	for _, prefixes := range [][2]string{{"inbox/", "inbox/out/"}, {"", "out/"}} {
		cmd := exec.Command(env.bootstrap)
		cmd.Env = []string{"AWS_REGION=us-east-1", "INPUT_PREFIX=" + prefixes[0], "OUTPUT_PREFIX=" + prefixes[1],
			"AWS_LAMBDA_RUNTIME_API=127.0.0.1:1"}
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "outputs would trigger the function") {
			t.Errorf("INPUT_PREFIX=%q OUTPUT_PREFIX=%q: %v\n%s", prefixes[0], prefixes[1], err, out)
		}
	}
}

// The Makefile target sam build runs gives a static arm64 Linux binary.
func TestDeployBuildIsArm64(t *testing.T) {
	freshS3(t)
	f, err := elf.Open(env.arm64)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 || f.OSABI != elf.ELFOSABI_NONE && f.OSABI != elf.ELFOSABI_LINUX {
		t.Errorf("bootstrap is %v %v, want aarch64 Linux", f.Machine, f.OSABI)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("bootstrap is dynamically linked; provided.al2023 wants a static binary")
		}
	}
}

// In an SQS batch only the failed message is reported, so only it is
// retried and, in the end, dead-lettered.
func TestSQSPartialBatchFailure(t *testing.T) {
	freshS3(t)
	sample := readTestdata(t, "sample-zh.txt")
	etag := putObject(t, "inbox/batch/ok.txt", sample, nil)
	putObject(t, "inbox/batch/empty.html", []byte("<html><body></body></html>"), nil)
	var ev map[string]any
	json.Unmarshal(readEvent(t, "sqs-s3-put.json"), &ev)
	msgs := ev["Records"].([]any)
	bad, good := msgs[0].(map[string]any), msgs[1].(map[string]any)
	bad["body"] = string(setKey(t, readEvent(t, "s3-put.json"), "inbox/batch/empty.html", ""))
	good["body"] = string(setKey(t, readEvent(t, "s3-put.json"), "inbox/batch/ok.txt", etag))
	event, _ := json.Marshal(ev)

	r := invoke(t, event)
	var resp struct {
		BatchItemFailures []struct{ ItemIdentifier string } `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(r.Body, &resp); err != nil || len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != bad["messageId"] {
		t.Fatalf("SQS response %s (%v): want only message %v failed", r.Body, err, bad["messageId"])
	}
	checkBook(t, "out/files/batch/ok.txt", sample, "inbox/batch/ok.txt")
	if getObject(t, "out/files/batch/empty.html.error.json") == nil {
		t.Error("no error report for the failed message")
	}
}

// .url and .json files are jobs: the function fetches what they name.
func TestS3Jobs(t *testing.T) {
	freshS3(t)
	shortcut := []byte("[InternetShortcut]\r\nURL=" + env.origin + "/news/1.html\r\n")
	etag := putObject(t, "inbox/jobs/shortcut.url", shortcut, nil)
	r := invoke(t, setKey(t, readEvent(t, "s3-put.json"), "inbox/jobs/shortcut.url", etag))
	if string(r.Body) != "null" {
		t.Fatalf(".url job: %s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	m := checkBook(t, "out/files/jobs/shortcut.url", shortcut, "inbox/jobs/shortcut.url")
	if m.Title != "全国网信办主任会议在京召开" || m.Source != env.origin+"/news/1.html" {
		t.Errorf(".url job: title %q source %q", m.Title, m.Source)
	}

	job := []byte(`{"urls":["` + env.origin + `/news/1.html","` + env.origin + `/news/2.html"],"title":"网信文集","options":{"page_size":"A4"}}`)
	etag = putObject(t, "inbox/jobs/book.json", job, nil)
	r = invoke(t, setKey(t, readEvent(t, "s3-put.json"), "inbox/jobs/book.json", etag))
	if string(r.Body) != "null" {
		t.Fatalf(".json job: %s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	var book struct {
		Title   string   `json:"title"`
		Sources []string `json:"sources"`
	}
	m = checkBook(t, "out/files/jobs/book.json", job, "inbox/jobs/book.json")
	json.Unmarshal(getObject(t, "out/files/jobs/book.json.json").Body, &book)
	if book.Title != "网信文集" || len(book.Sources) != 2 {
		t.Errorf(".json job: title %q sources %q", book.Title, book.Sources)
	}
}

// A page uploaded without source-url metadata takes its canonical link as
// its address.
func TestS3HTMLCanonical(t *testing.T) {
	freshS3(t)
	page := []byte(sampleHTML)
	etag := putObject(t, "inbox/canonical/page.htm", page, nil)
	r := invoke(t, setKey(t, readEvent(t, "s3-put.json"), "inbox/canonical/page.htm", etag))
	if string(r.Body) != "null" {
		t.Fatalf("%s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	m := checkBook(t, "out/files/canonical/page.htm", page, "inbox/canonical/page.htm")
	if m.Source != "http://www.12377.cn/wxxx/2025/b1f4b16e_web.html" {
		t.Errorf("source %q: want the page's canonical link", m.Source)
	}
	if pdf := getObject(t, "out/files/canonical/page.htm.pdf"); pdf.Metadata["source"] != m.Source {
		t.Errorf("PDF metadata source %q, want %q", pdf.Metadata["source"], m.Source)
	}
}
