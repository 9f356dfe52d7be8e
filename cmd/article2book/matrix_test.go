package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"golang.org/x/text/encoding/unicode"

	"github.com/bookify/article2book/internal/fakedns"
	"github.com/bookify/article2book/internal/testbook"
	"github.com/bookify/article2book/internal/verify"
	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage/s3store"
)

// The bad-input matrix: each row an input and its exact outcome in each
// shell that takes it — the HTTP API (the -serve handler, over HTTP, into
// the service code the Lambda runs, with S3 on a gofakes3 server), the CLI
// (run, on a real file, on stdin and as a fetched page) and an S3 upload
// (ConvertObject on the same S3 server). This is the one list of hostile
// inputs and forbidden address forms; pkg/fetch tests its own mechanics.

// outcome is what one shell answers: for the API and S3 an HTTP status and
// error code (S3: the code in <stem>.error.json; status 0 there means the
// upload is left alone, nothing read or written); for the CLI the exit
// status and a part of its one stderr line.
type outcome struct {
	status int
	code   string
}

var ok = &outcome{status: 200}

type row struct {
	name string
	// What the row sends. body is a raw API request body (API only). A
	// file (name and data) is given to the CLI as a file, on stdin and as
	// a fetched page when it is .html, to the API as {"html"} or {"text"},
	// and uploaded to S3 as inbox/<file> (or key in bucket). url is
	// fetched by the CLI and the API.
	body   *string
	file   string
	data   []byte
	url    string
	key    string
	bucket string
	// allow opens the test server to the fetcher (pages, images).
	allow bool

	api, cli, s3 *outcome // nil: not for that shell
	// warning is part of a warning the conversion must report.
	warning string
	// text must be in the output (CLI text, S3 PDF), in order.
	text []string
	// maxAlloc bounds the bytes each shell allocates for the row.
	maxAlloc uint64
}

func ptr[T any](v T) *T { return &v }

type matrix struct {
	srv     *httptest.Server // pages and images the rows fetch
	api     map[bool]string  // the -serve handler's URL, by allow
	svc     map[bool]*service.Service
	s3      *s3.Client
	dir     string
	srvHost string
	hits    atomic.Int64 // requests to /probe, which only forbidden rows name
}

func newMatrix(t *testing.T, files map[string][]byte, dns *fakedns.Server) *matrix {
	m := &matrix{dir: t.TempDir(), api: map[bool]string{}, svc: map[bool]*service.Service{}}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		switch name {
		case "probe":
			m.hits.Add(1)
			http.NotFound(w, r)
			return
		case "to":
			http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusFound)
			return
		}
		data, found := files[name]
		if !found {
			http.NotFound(w, r)
			return
		}
		ct := "text/html; charset=utf-8"
		switch filepath.Ext(name) {
		case ".png":
			ct = "image/png"
		case ".jpg":
			ct = "image/jpeg"
		case ".webp":
			ct = "image/webp"
		}
		if strings.HasPrefix(name, "html-") {
			ct = "text/html" // an image URL answering a page
		}
		w.Header().Set("Content-Type", ct)
		w.Write(data)
	}))
	t.Cleanup(m.srv.Close)
	m.srvHost = strings.TrimPrefix(m.srv.URL, "http://")

	faker := gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true))
	s3srv := httptest.NewServer(faker.Server())
	t.Cleanup(s3srv.Close)
	m.s3 = s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(s3srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	})
	for _, b := range []string{"books", "someone-else"} {
		if _, err := m.s3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	store := s3store.New(m.s3)
	for _, allow := range []bool{false, true} {
		o := fetch.Options{Resolver: dns.Resolver()}
		if allow {
			o.Allow = []string{m.srvHost}
		}
		f, err := fetch.New(o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(f.CloseIdleConnections)
		svc := &service.Service{
			Cfg: &service.Config{InputBucket: "books", OutputBucket: "books", InputPrefix: "inbox/", OutputPrefix: "out/",
				MaxInputBytes: convert.MaxInputBytes, FetchTimeout: fetch.DefaultTimeout, PresignTTL: time.Hour},
			Store: store, Links: store, Fetcher: f, Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Version: "test", Now: time.Now,
		}
		m.svc[allow] = svc
		api := httptest.NewServer((&localServer{svc: svc}).Handler())
		t.Cleanup(api.Close)
		m.api[allow] = api.URL
	}
	return m
}

// measure runs f and returns the bytes it allocated.
func measure(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func (m *matrix) check(t *testing.T, shell string, want *outcome, status int, code string, warnings []string, r row, alloc uint64, success bool) {
	t.Helper()
	if status != want.status || !strings.Contains(code, want.code) || want.code == "" && code != "" {
		t.Errorf("%s: got %d %q, want %d %q", shell, status, code, want.status, want.code)
	}
	if r.warning != "" && success {
		if !strings.Contains(strings.Join(warnings, "\n"), r.warning) {
			t.Errorf("%s: warnings %q lack %q", shell, warnings, r.warning)
		}
	}
	if r.maxAlloc > 0 && alloc > r.maxAlloc {
		t.Errorf("%s: allocated %d MiB, bound %d MiB", shell, alloc>>20, r.maxAlloc>>20)
	}
	if r.maxAlloc > 0 {
		t.Logf("%s: allocated %.1f MiB", shell, float64(alloc)/(1<<20))
	}
}

func (m *matrix) runAPI(t *testing.T, r row) {
	body := ""
	switch {
	case r.body != nil:
		body = *r.body
	case r.url != "":
		body = string(mustJSON(t, map[string]any{"url": r.url}))
	case strings.HasSuffix(r.file, ".txt"):
		body = string(mustJSON(t, map[string]any{"text": string(r.data)}))
	default:
		body = string(mustJSON(t, map[string]any{"html": string(r.data)}))
	}
	var status int
	var ans struct {
		Error    *struct{ Code, Message string } `json:"error"`
		Manifest *service.Manifest               `json:"manifest"`
	}
	alloc := measure(func() {
		resp, err := http.Post(m.api[r.allow]+"/convert", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		status = resp.StatusCode
		if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
			t.Errorf("api: answer is not JSON: %v", err)
		}
	})
	code := ""
	var warnings []string
	if ans.Error != nil {
		code = ans.Error.Code
		if ans.Error.Message == "" {
			t.Errorf("api: error without a message")
		}
	}
	if ans.Manifest != nil {
		warnings = ans.Manifest.Warnings
	}
	m.check(t, "api", r.api, status, code, warnings, r, alloc, status == 200)
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runCLI converts the row's input with run; via says how it is given.
func (m *matrix) runCLI(t *testing.T, r row, via string) {
	out := filepath.Join(m.dir, "out-"+strings.ReplaceAll(t.Name(), "/", "_")+"-"+via)
	// Text alone is fastest, but fetches no image: a page with images
	// also makes its EPUB, so that their warnings are seen.
	formats := "txt"
	if bytes.Contains(r.data, []byte("<img")) {
		formats = "txt,epub"
	}
	args := []string{"-o", out, "-formats", formats}
	if r.allow {
		args = append(args, "-allow-addr", m.srvHost)
	}
	stdin := ""
	switch via {
	case "file":
		p := filepath.Join(m.dir, r.file)
		if err := os.WriteFile(p, r.data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	case "stdin":
		stdin = string(r.data)
		args = append(args, "-")
	case "fetched":
		args = append(args, "-allow-addr", m.srvHost, m.srv.URL+"/"+r.file)
	case "url":
		args = append(args, r.url)
	}
	var code int
	var stdout, stderr string
	alloc := measure(func() { code, stdout, stderr = runCLI(t, stdin, args...) })
	var failures, warnings []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, ": warning: ") {
			warnings = append(warnings, l)
		} else if l != "" {
			failures = append(failures, l)
		}
	}
	if code == 1 && len(failures) != 1 {
		t.Errorf("cli %s: want one line on stderr, got %q", via, stderr)
	}
	m.check(t, "cli "+via, r.cli, code, strings.Join(failures, "\n"), warnings, r, alloc, code == 0)
	if code == 0 && len(r.text) > 0 {
		txts, _ := filepath.Glob(filepath.Join(out, "*.txt"))
		if len(txts) != 1 {
			t.Fatalf("cli %s: text outputs %v (stdout %s)", via, txts, stdout)
		}
		txt, _ := os.ReadFile(txts[0])
		verify.InOrder(t, "cli "+via, r.text, string(txt))
	}
}

func (m *matrix) runS3(t *testing.T, r row) {
	ctx := context.Background()
	bucket, key := "books", "inbox/"+r.file
	if r.bucket != "" {
		bucket = r.bucket
	}
	if r.key != "" {
		key = r.key
	}
	if _, err := m.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(r.data)}); err != nil {
		t.Fatal(err)
	}
	before := m.keys(t)
	var err error
	alloc := measure(func() { err = m.svc[r.allow].ConvertObject(ctx, "s3", service.Object{Bucket: bucket, Key: key}) })
	var written []string
	for k := range m.keys(t) {
		if !before[k] {
			written = append(written, k)
		}
	}
	status, code := 200, ""
	if err != nil {
		ae := service.Classify(err)
		status, code = ae.Status, ae.Code
	}
	var warnings []string
	switch {
	case r.s3.status == 0:
		// Left alone: no error, nothing written anywhere.
		if err != nil || len(written) > 0 {
			t.Errorf("s3: %v, wrote %v; want the upload left alone", err, written)
		}
		status = 0
	case status == 200:
		base := "out/files/" + strings.TrimPrefix(key, "inbox/")
		obj, gerr := m.svc[false].Store.Get(ctx, "books", base+".json", 0)
		if gerr != nil {
			t.Fatalf("s3: no manifest: %v (wrote %v)", gerr, written)
		}
		var man service.Manifest
		json.Unmarshal(obj.Body, &man)
		warnings = man.Warnings
		if len(r.text) > 0 {
			pdf, _ := m.svc[false].Store.Get(ctx, "books", base+".pdf", 0)
			verify.InOrder(t, "s3 pdf", r.text, verify.PDFText(t, pdf.Body))
		}
	default:
		// Failed: an error report, and no manifest claiming a book.
		for _, k := range written {
			if strings.HasSuffix(k, ".json") && !strings.HasSuffix(k, ".error.json") {
				t.Errorf("s3: failed conversion wrote manifest %s", k)
			}
		}
		if code != "bad_request" || r.key == "" {
			rep := ""
			for _, k := range written {
				if strings.HasSuffix(k, ".error.json") {
					rep = k
				}
			}
			if rep == "" {
				t.Errorf("s3: no error report among %v", written)
			}
		}
	}
	m.check(t, "s3", r.s3, status, code, warnings, r, alloc, status == 200)
}

// keys is the set of the output bucket's keys.
func (m *matrix) keys(t *testing.T) map[string]bool {
	out, err := m.s3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("books")})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, o := range out.Contents {
		keys[*o.Key] = true
	}
	return keys
}

// articlePage is a readable page: the sample article's paragraphs, and
// extra markup (an image) inside its body.
func articlePage(t *testing.T, extra string) []byte {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>全国网信办主任会议在京召开</title></head><body><article><h1>全国网信办主任会议在京召开</h1>")
	for i, l := range lines[4:10] {
		fmt.Fprintf(&b, "<p>%s</p>", l)
		if i == 1 {
			b.WriteString(extra)
		}
	}
	b.WriteString("</article></body></html>")
	return []byte(b.String())
}

func utf16(t *testing.T, s string, order unicode.Endianness, bom unicode.BOMPolicy) []byte {
	out, err := unicode.UTF16(order, bom).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// hugePNG is a valid PNG header declaring w x h pixels over a few bytes.
func hugePNG(t *testing.T, w, h uint32) []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	data := buf.Bytes()
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func cutJPEG(t *testing.T) []byte {
	m := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 7919 % 251)
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, m, nil)
	return buf.Bytes()[:buf.Len()/2]
}

func TestBadInputMatrix(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	sampleText := string(raw)
	firstParas := strings.Split(sampleText, "\n")[4:7]
	// the broken byte, after the first 。, read as U+FFFD
	brokenParas := append([]string{strings.Replace(firstParas[0], "。", "。\uFFFD", 1)}, firstParas[1:]...)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	elf, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 200<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	page := articlePage(t, "")
	latin1 := []byte("<html><head><meta charset=\"utf-8\"><title>Un caf\xe9</title></head><body><article><h1>Un caf\xe9</h1>" +
		strings.Repeat("<p>Le caf\xe9 \xe9tait fort, la cr\xe8me \xe9paisse et la client\xe8le fid\xe8le depuis des ann\xe9es, disait-on \xe0 la ronde.</p>", 8) +
		"</article></body></html>")
	broken := bytes.Replace(page, []byte("。"), []byte("。\xff"), 1)
	big := bytes.Repeat([]byte("<p>一段正文。</p>\n"), 50<<20/22)
	nested := []byte("<html><body>" + strings.Repeat("<div>", 100_000) + "<p>深处的正文。</p></body></html>")
	scripts := []byte("<html><head><title>只有脚本</title><script>var a = 1;</script></head><body>" +
		strings.Repeat("<script>document.write('正文由脚本写入。');</script>", 50) + "</body></html>")
	files := map[string][]byte{
		"huge.png":     hugePNG(t, 60000, 60000),
		"cut.jpg":      cutJPEG(t),
		"html-img.png": []byte("<html><body>not an image</body></html>"),
		"40mp.webp":    testbook.LosslessWebP(7300, 5475, color.NRGBA{200, 30, 60, 255}),
	}
	dns := fakedns.Start(t, map[string]netip.Addr{
		"good.test":     netip.MustParseAddr("127.0.0.1"), // stands for a public address: the test server is allowed
		"metadata.test": netip.MustParseAddr("169.254.169.254"),
		"private.test":  netip.MustParseAddr("10.1.2.3"),
		"mapped.test":   netip.MustParseAddr("::ffff:127.0.0.1"),
		"nat64.test":    netip.MustParseAddr("64:ff9b::7f00:1"),
		"loop.test":     netip.MustParseAddr("127.0.0.1"),
	})
	m := newMatrix(t, files, dns)
	port := m.srv.Listener.Addr().(*net.TCPAddr).Port
	img := func(name string) []byte {
		return articlePage(t, fmt.Sprintf(`<figure><img src="%s/%s" alt="图"><figcaption>图片说明。</figcaption></figure>`, m.srv.URL, name))
	}
	forbidden := func(u string) row {
		return row{name: "forbidden " + u, url: u, api: &outcome{403, "forbidden_address"}, cli: &outcome{1, "address is not public"}}
	}
	noncanonical := func(u string) row {
		return row{name: "non-canonical " + u, url: u, api: &outcome{400, "bad_request"}, cli: &outcome{1, "not a canonical IPv4 address"}}
	}
	probe := func(host string) string { return fmt.Sprintf("http://%s:%d/probe", host, port) }

	rows := []row{
		// Requests.
		{name: "empty body", body: ptr(""), api: &outcome{400, "bad_request"}},
		{name: "not JSON", body: ptr("this is not JSON"), api: &outcome{400, "bad_request"}},
		{name: "url and html", body: ptr(`{"url": "https://example.com/", "html": "<p>x</p>"}`), api: &outcome{400, "bad_request"}},
		{name: "empty text", body: ptr(`{"text": ""}`), api: &outcome{422, "not_an_article"}},

		// Pages and texts.
		{name: "50 MB HTML", file: "big.html", data: big, maxAlloc: 64 << 20,
			api: &outcome{413, "too_large"}, cli: &outcome{1, "input too large"}, s3: &outcome{413, "too_large"}},
		{name: "nested 100000 deep", file: "nested.html", data: nested, maxAlloc: 64 << 20,
			api: &outcome{422, "not_an_article"}, cli: &outcome{1, "unreadable HTML"}, s3: &outcome{422, "not_an_article"}},
		{name: "only scripts", file: "scripts.html", data: scripts,
			api: &outcome{422, "not_an_article"}, cli: &outcome{1, "not an article"}, s3: &outcome{422, "not_an_article"}},
		{name: "random bytes named .html", file: "random.html", data: random,
			api: &outcome{415, "unsupported_content_type"}, cli: &outcome{1, "not a text page"}, s3: &outcome{415, "unsupported_content_type"}},
		{name: "random bytes named .txt", file: "random-bytes.txt", data: random,
			api: &outcome{415, "unsupported_content_type"}, cli: &outcome{1, "not a text page"}, s3: &outcome{415, "unsupported_content_type"}},
		{name: "ELF binary named .html", file: "prog.html", data: elf[:min(len(elf), 200<<10)],
			api: &outcome{415, "unsupported_content_type"}, cli: &outcome{1, "not a text page: an ELF executable"}, s3: &outcome{415, "unsupported_content_type"}},
		{name: "PNG named .txt", file: "picture.txt", data: files["huge.png"],
			api: &outcome{415, "unsupported_content_type"}, cli: &outcome{1, "not a text page: a PNG image"}, s3: &outcome{415, "unsupported_content_type"}},
		// Over the API the bytes are a JSON string already: what could
		// not be UTF-8 arrives as U+FFFD, too many of them to be text.
		{name: "invalid UTF-8: Latin-1 bytes declared UTF-8", file: "latin1.html", data: latin1, text: []string{"Un café", "Le café était fort, la crème épaisse"},
			api: &outcome{415, "unsupported_content_type"}, cli: &outcome{}, s3: ok},
		{name: "invalid UTF-8: one broken byte", file: "broken.html", data: broken, text: []string{"全国网信办主任会议在京召开", "\uFFFD"},
			api: ok, cli: &outcome{}, s3: ok},
		{name: "invalid UTF-8 in a .txt", file: "broken.txt", data: []byte(strings.Replace(sampleText, "。", "。\xff", 1)), text: brokenParas,
			api: ok, cli: &outcome{}, s3: ok},
		{name: "UTF-16LE with BOM .txt", file: "le-bom.txt", data: utf16(t, sampleText, unicode.LittleEndian, unicode.UseBOM), text: firstParas,
			cli: &outcome{}, s3: ok},
		{name: "UTF-16BE without BOM .txt", file: "be.txt", data: utf16(t, sampleText, unicode.BigEndian, unicode.IgnoreBOM), text: firstParas,
			cli: &outcome{}, s3: ok},
		{name: "UTF-16LE without BOM .html", file: "le.html", data: utf16(t, string(page), unicode.LittleEndian, unicode.IgnoreBOM), text: firstParas,
			cli: &outcome{}, s3: ok},
		{name: "UTF-16BE with BOM .html", file: "be-bom.html", data: utf16(t, string(page), unicode.BigEndian, unicode.UseBOM), text: firstParas,
			cli: &outcome{}, s3: ok},
		{name: "0-byte upload", file: "empty.html", data: []byte{},
			api: &outcome{422, "not_an_article"}, cli: &outcome{1, "not an article"}, s3: &outcome{422, "not_an_article"}},
		{name: "0-byte .txt", file: "empty-text.txt", data: []byte{},
			api: &outcome{422, "not_an_article"}, cli: &outcome{1, "no article text"}, s3: &outcome{422, "not_an_article"}},
		{name: "a line over 1 MiB", file: "long.txt", data: []byte("Title: 长行\n\n" + strings.Repeat("长", 400_000) + "\n"),
			api: &outcome{422, "not_an_article"}, cli: &outcome{1, "a line over"}, s3: &outcome{422, "not_an_article"}},

		// Images: the article converts, the image is left out with a
		// warning naming it.
		{name: "PNG declaring 60000x60000", file: "huge-img.html", data: img("huge.png"), allow: true, maxAlloc: 64 << 20,
			warning: "huge.png left out: image dimensions over the limit: 60000x60000", api: ok, cli: &outcome{}, s3: ok},
		// 32 bytes that decode to 160 MB: kept at 300 dpi over the text
		// block, decoded once for the 40 references (it was kept whole
		// and decoded again for each, 7 GB allocated).
		{name: "40-megapixel lossless WebP, 40 times", file: "webp-img.html", data: articlePage(t, strings.Repeat(fmt.Sprintf(`<figure><img src="%s/40mp.webp" alt="图"></figure>`, m.srv.URL), 40)),
			allow: true, maxAlloc: 768 << 20, api: ok, s3: ok},
		{name: "truncated JPEG", file: "cut-img.html", data: img("cut.jpg"), allow: true,
			warning: "cut.jpg left out: truncated JPEG", api: ok, cli: &outcome{}, s3: ok},
		{name: "image URL answering HTML", file: "html-img.html", data: img("html-img.png"), allow: true,
			warning: "html-img.png left out: fetch " + m.srv.URL + "/html-img.png: unacceptable content type", api: ok, cli: &outcome{}, s3: ok},

		// S3 keys and events.
		{name: "S3 key with ../", file: "dots.html", key: "inbox/../out/dots.html", data: page, s3: &outcome{400, "bad_request"}},
		{name: "S3 key with an empty segment", file: "slash.html", key: "inbox//slash.html", data: page, s3: &outcome{400, "bad_request"}},
		{name: "S3 event for a bucket not ours", file: "theirs.html", bucket: "someone-else", data: page, s3: &outcome{}},
		{name: "S3 event for a prefix not ours", file: "elsewhere.html", key: "elsewhere/x.html", data: page, s3: &outcome{}},

		// URLs.
		{name: "URL with credentials", url: "https://user:pw@example.com/a", api: &outcome{400, "bad_request"}, cli: &outcome{1, "user name or password in the URL"}},
		{name: "URL with a user name only", url: "https://user@example.com/a", api: &outcome{400, "bad_request"}, cli: &outcome{1, "user name or password in the URL"}},
		noncanonical("http://2130706433/"), // decimal 127.0.0.1
		noncanonical("http://0177.0.0.1/"), // octal
		noncanonical("http://0x7f.1/"),
		noncanonical("http://127.1/"),
		forbidden(m.srv.URL + "/probe"),
		forbidden(probe("localhost")),
		forbidden(probe("localhost.")),
		forbidden(probe("[::1]")),
		forbidden("https://[::1]/"),
		forbidden(probe("0.0.0.0")),
		forbidden("http://0.0.0.0/"),
		forbidden("http://[::]/"),
		forbidden(probe("[::ffff:127.0.0.1]")), // IPv4-mapped
		forbidden("http://[::ffff:7f00:1]/"),
		forbidden("http://[::127.0.0.1]/"),        // IPv4-compatible
		forbidden("http://[2002:7f00:1::]/"),      // 6to4 of 127.0.0.1
		forbidden("http://[2002:a9fe:a9fe::]/"),   // 6to4 of 169.254.169.254
		forbidden("http://[64:ff9b::7f00:1]/"),    // NAT64 of 127.0.0.1
		forbidden("http://[64:ff9b::a9fe:a9fe]/"), // NAT64 of 169.254.169.254
		forbidden("http://169.254.169.254/latest/meta-data/"),
		forbidden("http://10.0.0.1/"),
		forbidden("http://172.16.0.1/"),
		forbidden("http://192.168.1.1/"),
		forbidden("http://100.64.0.1/"),
		forbidden("http://[fd00::1]/"),
		forbidden("http://[fe80::1]/"),
		forbidden("http://[fe80::1%25lo]/"),
		forbidden("http://224.0.0.1/"),
		forbidden("http://[ff02::1]/"),
		forbidden("http://255.255.255.255/"),
		// Names resolving to forbidden addresses (the fake DNS: API only,
		// the CLI asks the system resolver).
		{name: "name resolving to the metadata service", url: probe("metadata.test"), api: &outcome{403, "forbidden_address"}},
		{name: "name resolving to a private address", url: probe("private.test"), api: &outcome{403, "forbidden_address"}},
		{name: "name resolving to IPv4-mapped loopback", url: probe("mapped.test"), api: &outcome{403, "forbidden_address"}},
		{name: "name resolving to NAT64 loopback", url: probe("nat64.test"), api: &outcome{403, "forbidden_address"}},
		{name: "redirect to a name resolving inward", allow: true, url: fmt.Sprintf("http://good.test:%d/to?u=http://metadata.test/", port), api: &outcome{403, "forbidden_address"}},
		{name: "redirect to loopback", allow: true, url: fmt.Sprintf("http://good.test:%d/to?u=http://127.0.0.1:1/", port), api: &outcome{403, "forbidden_address"}},
	}
	for _, r := range rows {
		if strings.HasSuffix(r.file, ".html") && r.key == "" && r.bucket == "" {
			files[r.file] = r.data
		}
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			// Every shell refuses or converts it quickly: in CPU time, which
			// a loaded machine does not stretch, with a hang ending the run.
			defer verify.Bounded(t, 20*time.Second, 5*time.Minute)()
			if r.api != nil {
				m.runAPI(t, r)
			}
			if r.cli != nil {
				if r.url != "" {
					m.runCLI(t, r, "url")
				} else {
					m.runCLI(t, r, "file")
				}
				if strings.HasSuffix(r.file, ".html") {
					m.runCLI(t, r, "stdin")
					if len(r.data) < 8<<20 {
						m.runCLI(t, r, "fetched")
					}
				}
			}
			if r.s3 != nil {
				m.runS3(t, r)
			}
		})
	}
	// No forbidden row reached the test server; the allowed name did
	// (below), so the refusals are the dial check, not a broken resolver.
	if n := m.hits.Load(); n != 0 {
		t.Errorf("forbidden addresses reached the test server %d times", n)
	}

	// DNS answers that change between checks: every dial is checked on
	// the address it dials, so a name that resolved to an allowed address
	// and then to a private one is refused the second time.
	t.Run("DNS answer changing between checks", func(t *testing.T) {
		u := fmt.Sprintf("http://loop.test:%d/flip.html", port)
		files["flip.html"] = page
		r := row{url: u, allow: true, api: ok}
		m.runAPI(t, r)
		dns.Set("loop.test", netip.MustParseAddr("10.1.2.3"))
		m.svc[true].Fetcher.CloseIdleConnections()
		r.api = &outcome{403, "forbidden_address"}
		m.runAPI(t, r)
		if n := dns.Queries("loop.test"); n < 2 {
			t.Errorf("loop.test asked %d times, want a lookup per fetch", n)
		}
	})
}
