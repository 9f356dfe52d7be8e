// Command article2book turns web articles into a typeset PDF and an EPUB.
//
//	article2book [flags] INPUT...
//	article2book -serve ADDRESS [-o DIR] [-page SIZE] [-font FACE] [-writing-mode MODE] [-pdf-standard S] [-allow-addr LIST]
//
// INPUT is an http(s) URL of a page or a feed, a path to an .html, .htm,
// .txt, .url, .json or feed file, or "-" for standard input. Outputs go to
// DIR/<stem>.pdf, .epub, .txt.
// With -serve it is the Lambda's HTTP API on this machine instead.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	"github.com/bookify/article2book/internal/choice"
	"github.com/bookify/article2book/internal/firstgc"
	"github.com/bookify/article2book/pkg/convert"
	"github.com/bookify/article2book/pkg/extract"
	"github.com/bookify/article2book/pkg/fetch"
	"github.com/bookify/article2book/pkg/service"
	"github.com/bookify/article2book/pkg/storage"
	"golang.org/x/term"
)

// shutdownSignals end a run: SIGINT from a terminal, SIGTERM from a
// service manager or container runtime. -serve then finishes the requests
// in flight.
var shutdownSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// shutdownContext ends at the first of shutdownSignals, with the signal
// (a signalError) as its cause.
func shutdownContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, shutdownSignals...)
	go func() {
		select {
		case sig := <-ch:
			cancel(signalError{sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}

// signalError is the cause of a run stopped by a signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "stopped by " + e.sig.String() }

// exitCode is a run's exit status: a run a signal cut short exits as
// shells report a process killed by it (128 + its number: 130 for SIGINT,
// 143 for SIGTERM); a run that finished, or a server that shut down
// cleanly, keeps its own.
func exitCode(ctx context.Context, code int) int {
	var se signalError
	if code == 0 || !errors.As(context.Cause(ctx), &se) {
		return code
	}
	if n, ok := se.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return code
}

func main() {
	// Converting a news article allocates 10-12 MB: from a cold start it
	// runs without a garbage collection (internal/firstgc).
	firstgc.Defer(firstgc.Goal)
	ctx, stop := shutdownContext()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	code = exitCode(ctx, code)
	stop()
	os.Exit(code)
}

// buildDate is the CLI's clock: SOURCE_DATE_EPOCH when set (reproducible
// builds, https://reproducible-builds.org/specs/source-date-epoch/), else
// now.
func buildDate(lookupEnv func(string) (string, bool)) (time.Time, error) {
	v, ok := lookupEnv("SOURCE_DATE_EPOCH")
	if !ok || v == "" {
		return time.Now(), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// report is the -json line printed for each input.
type report struct {
	Input string `json:"input"` // with -book, its title
	// Inputs are the book's inputs, with -book; those that could not be
	// read are left out and named in Warnings.
	Inputs   []string    `json:"inputs,omitempty"`
	Title    string      `json:"title"`
	Lang     string      `json:"lang"`
	Chars    int         `json:"chars"`
	PDF      *fileReport `json:"pdf,omitempty"`
	EPUB     *fileReport `json:"epub,omitempty"`
	TXT      *fileReport `json:"txt,omitempty"`
	Warnings []string    `json:"warnings"`
	// MissingGlyphs counts characters no embedded font could draw.
	MissingGlyphs int   `json:"missing_glyphs"`
	ElapsedMS     int64 `json:"elapsed_ms"`
}

type fileReport struct {
	Path  string `json:"path"`
	Bytes int    `json:"bytes"`
	Pages int    `json:"pages,omitempty"`
	// Standards are the standards a PDF claims ("PDF/UA-1", "PDF/A-2");
	// StandardNotes say why any other is not claimed.
	Standards     []string `json:"standards,omitempty"`
	StandardNotes []string `json:"standard_notes,omitempty"`
}

const usage = `usage: article2book [flags] INPUT...
       article2book -serve ADDRESS [-o DIR] [-page SIZE] [-font FACE] [-writing-mode MODE] [-pdf-standard S] [-allow-addr LIST] [-max-conversions N]

INPUT is an http(s) URL of a page or a feed; an .html, .htm or .txt file, a
.url shortcut, a .txt list of URLs, a .json job, a feed file (.feed, .rss,
.atom, .xml); or - for standard input (HTML, plain text or a feed, told by
its content).

`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newCLIFlags(stderr)
	inputs, err := parseArgs(f.fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if code := f.check(inputs, stderr); code != 0 {
		return code
	}
	opt := f.opt
	made, err := buildDate(os.LookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "article2book: %v\n", err)
		return 2
	}
	opt.BookTitle, opt.EmbedFont, opt.HangingPunct, opt.KeepQuotes, opt.Date = *f.book, *f.embedFont, *f.hanging, *f.keepQuotes, made
	allowed, err := fetch.ParseAllowList(*f.allow)
	if err != nil {
		fmt.Fprintf(stderr, "article2book: -allow-addr: %v\n", err)
		return 2
	}
	fetcher, err := fetch.New(fetch.Options{Allow: allowed})
	if err != nil {
		fmt.Fprintf(stderr, "article2book: %v\n", err)
		return 2
	}
	defer fetcher.CloseIdleConnections()
	if *f.serveAddr != "" {
		return serveCLI(ctx, *f.serveAddr, serveOptions{outDir: *f.outDir, pageSize: opt.PageSize, font: opt.Font, writingMode: opt.WritingMode, pdfStandard: opt.PDFStandard, fetcher: fetcher,
			log: slog.New(slog.NewTextHandler(stderr, nil)), conversions: *f.conversions}, stderr)
	}
	// Without -images the fetcher still reads URLs, the URLs of lists and
	// jobs, and the items of feeds.
	opt.Fetcher, opt.SkipImages = fetcher, !*f.images
	if err := os.MkdirAll(*f.outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "article2book: cannot create the output folder %s: %v\n", *f.outDir, pathCause(err))
		return 1
	}
	c := cli{outDir: *f.outDir, base: *f.base, stdin: stdin, stems: map[string]bool{}, inputs: statInputs(inputs)}
	if *f.book != "" {
		return c.convertBook(ctx, stdout, stderr, *f.asJSON, *f.book, inputs, opt)
	}
	return c.convertEach(ctx, stdout, stderr, *f.asJSON, inputs, opt)
}

// cliFlags are the command line's flags, parsed into opt and the fields.
type cliFlags struct {
	fs  *flag.FlagSet
	opt convert.Options
	// The options that name one of a list parse and check themselves
	// into opt; these are the others.
	outDir, base, book, allow, serveAddr           *string
	asJSON, embedFont, keepQuotes, hanging, images *bool
	conversions                                    *int
}

func newCLIFlags(stderr io.Writer) *cliFlags {
	fs := flag.NewFlagSet("article2book", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	f := &cliFlags{fs: fs, opt: convert.Options{Formats: convert.DefaultFormats, PageSize: "A4", Font: "kai", WritingMode: "horizontal", PDFStandard: "auto"}}
	f.outDir = fs.String("o", "out", "output `dir`ectory")
	fs.Var(&f.opt.Formats, "formats", "comma-separated output `formats`: "+strings.Join(convert.Formats, ", "))
	f.base = fs.String("base", "", "base `URL` for relative links of a file or stdin input")
	f.asJSON = fs.Bool("json", false, "print one JSON object per input on stdout")
	fs.Var(&f.opt.PageSize, "page", "PDF page `size`: "+choice.List(convert.PageSizes))
	f.book = fs.String("book", "", "make one book titled `TITLE` of all inputs, one chapter each")
	f.embedFont = fs.Bool("embed-font", false, "embed a subset of the CJK font in the EPUB")
	fs.Var(&f.opt.WritingMode, "writing-mode", "`mode` of the PDF and EPUB: horizontal, or vertical (columns right to left)")
	fs.Var(&f.opt.Convert, "convert", "convert Chinese text: `conversion` s2t, s2tw, s2twp (Taiwan phrases), s2hk, t2s or tw2s")
	f.keepQuotes = fs.Bool("keep-quotes", false, "with -convert s2tw, s2twp or s2hk, keep “” ‘’ instead of writing 「」 『』")
	fs.Var(&f.opt.Font, "font", "Chinese body `face`: kai (LXGW WenKai) or song (Noto Serif SC)")
	fs.Var(&f.opt.PDFStandard, "pdf-standard", "`standards` the PDF claims when they hold: auto (every one), ua1 (PDF/UA-1), a2 (PDF/A-2) or none")
	f.hanging = fs.Bool("hanging-punct", false, "let ，。、． hang past the PDF's right margin")
	f.images = fs.Bool("images", true, "put the articles' images into the outputs (downloaded, or decoded from data: URLs)")
	f.allow = fs.String("allow-addr", "", "comma-separated non-public `addresses` (host or host:port) that may be fetched, for local use and tests")
	f.serveAddr = fs.String("serve", "", "serve the HTTP API (POST /convert) on `address` instead of converting INPUTs; outputs go under -o")
	f.conversions = fs.Int("max-conversions", 0, "with -serve, conversions run at once (`n`); as many more wait, the rest get 503 (default 2 per CPU)")
	return f
}

// check refuses flags that do not go together, and says so: 2 (usage),
// or 0 when the command line is good.
func (f *cliFlags) check(inputs []string, stderr io.Writer) int {
	if *f.serveAddr != "" {
		if len(inputs) > 0 {
			fmt.Fprintf(stderr, "article2book: -serve takes no INPUT; POST jobs to /convert\n")
			return 2
		}
		// A request's own options decide these; accepting the flags would
		// suggest they apply.
		bad := ""
		f.fs.Visit(func(fl *flag.Flag) {
			switch fl.Name {
			case "formats", "base", "json", "book", "embed-font", "images", "convert", "keep-quotes", "hanging-punct":
				bad = fl.Name
			}
		})
		if bad != "" {
			fmt.Fprintf(stderr, "article2book: -%s does not apply to -serve; a request's options say it\n", bad)
			return 2
		}
	} else if len(inputs) == 0 {
		f.fs.Usage()
		return 2
	}
	if n := *f.conversions; n < 0 || n > 1024 {
		fmt.Fprintf(stderr, "article2book: -max-conversions %d: want a number from 1 to 1024\n", n)
		return 2
	}
	if *f.base != "" {
		if u, err := url.Parse(*f.base); err != nil || !u.IsAbs() {
			fmt.Fprintf(stderr, "article2book: -base %q is not an absolute URL\n", *f.base)
			return 2
		}
	}
	return 0
}

// convertBook makes one book titled title of the inputs, one chapter each.
func (c *cli) convertBook(ctx context.Context, stdout, stderr io.Writer, asJSON bool, title string, inputs []string, opt convert.Options) int {
	c.bookInputs = inputs
	return c.report(stdout, stderr, asJSON, title, func() (*convert.Result, string, error) {
		o := opt
		var ins []convert.Input
		// An input that cannot be read is left out, as one that
		// cannot be fetched or is no article is by Convert.
		var leftOut []string
		for _, name := range inputs {
			in, err := c.read(name, &o)
			if err != nil {
				leftOut = append(leftOut, fmt.Sprintf("chapter left out: %s: %s", name, strings.TrimPrefix(oneLine(err), name+": ")))
				continue
			}
			ins = append(ins, in...)
		}
		if len(ins) == 0 {
			return nil, "", fmt.Errorf("no article of the book could be read: %s", strings.Join(leftOut, "; "))
		}
		o.BookTitle = title
		o.Progress = progressTo(stderr)
		res, err := convert.Convert(ctx, ins, o)
		if err != nil {
			if len(leftOut) > 0 {
				err = fmt.Errorf("%w; %s", err, strings.Join(leftOut, "; "))
			}
			return nil, "", err
		}
		res.Warnings = append(leftOut, res.Warnings...)
		return res, slug(title), nil
	})
}

// convertEach makes a book of each input; the exit status is the worst.
func (c *cli) convertEach(ctx context.Context, stdout, stderr io.Writer, asJSON bool, inputs []string, opt convert.Options) int {
	progress := progressTo(stderr)
	code := 0
	for i, name := range inputs {
		if progress != nil {
			progress(i+1, len(inputs), name)
		}
		rc := c.report(stdout, stderr, asJSON, name, func() (*convert.Result, string, error) {
			o := opt
			ins, err := c.read(name, &o)
			if err != nil {
				return nil, "", err
			}
			res, err := convert.Convert(ctx, ins, o)
			return res, stemOf(name), err
		})
		code = max(code, rc)
	}
	return code
}

// serveCLI listens on addr and serves until ctx ends (SIGINT).
func serveCLI(ctx context.Context, addr string, o serveOptions, stderr io.Writer) int {
	if err := os.MkdirAll(o.outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "article2book: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "article2book: -serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "article2book: serving POST http://%s/convert, outputs under %s\n", ln.Addr(), o.outDir)
	if err := serve(ctx, ln, o); err != nil {
		fmt.Fprintf(stderr, "article2book: %v\n", err)
		return 1
	}
	return 0
}

// parseArgs takes flags anywhere on the command line, as pandoc and
// percollate do (convert a.txt -json -o x); "--" ends them, so a file
// named -json.txt can follow it; "-" alone is an input (stdin).
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var inputs []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(inputs, rest...), nil
		}
		if len(rest) == 0 {
			return inputs, nil
		}
		inputs = append(inputs, rest[0])
		args = rest[1:]
	}
}

// progressTo reports "n of N" on w when it is a terminal, and is nil
// otherwise: a script reading stderr gets only failures and warnings.
func progressTo(w io.Writer) func(i, n int, name string) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(i, n int, name string) {
		fmt.Fprintf(w, "article2book: [%d/%d] %s\n", i, n, name)
	}
}

// failure is the -json line of an input that failed: the code is the
// API's for the same error (service.Classify).
type failure struct {
	Input string `json:"input"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// fail reports an input that failed: one line on stderr, and with -json
// one line on stdout. The message names the input once, whether or not
// err does.
func fail(stdout, stderr io.Writer, asJSON bool, name string, err error) int {
	msg := strings.TrimPrefix(oneLine(err), name+": ")
	if errors.Is(err, fetch.ErrForbiddenAddress) {
		msg += " (for local use, allow it with -allow-addr HOST:PORT)"
	}
	fmt.Fprintf(stderr, "article2book: %s: %s\n", name, msg)
	if asJSON {
		var f failure
		f.Input, f.Error.Code, f.Error.Message = name, service.Classify(err).Code, msg
		line, _ := json.Marshal(f)
		fmt.Fprintf(stdout, "%s\n", line)
	}
	return 1
}

type cli struct {
	bookInputs []string // with -book, the inputs of the book
	outDir     string
	base       string
	stdin      io.Reader
	stems      map[string]bool // stems written by this run
	inputs     []inputFile     // the run's input files, which no output may replace
}

// inputFile is an input file as found before anything was written.
type inputFile struct {
	name     string
	info     os.FileInfo
	resolved string
}

// statInputs records the files among the inputs; missing ones fail later,
// when read.
func statInputs(names []string) []inputFile {
	var files []inputFile
	for _, n := range names {
		if k, _ := convert.KindOf(n); n == "-" || k == convert.KindURL {
			continue
		}
		if fi, err := os.Stat(n); err == nil {
			files = append(files, inputFile{name: n, info: fi, resolved: resolve(n)})
		}
	}
	return files
}

// resolve is the absolute path of p with every symbolic link followed,
// that of its folder when p does not exist (yet).
func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(r, filepath.Base(abs))
	}
	return abs
}

// replacesInput returns the input that writing p would replace: the same
// file under another name, through a symbolic link or a hard link, or the
// same path spelled differently (-o . for an input in the working folder).
func (c *cli) replacesInput(p string) (string, bool) {
	fi, statErr := os.Stat(p)
	r := resolve(p)
	for _, in := range c.inputs {
		if statErr == nil && os.SameFile(fi, in.info) || r != "" && r == in.resolved {
			return in.name, true
		}
	}
	return "", false
}

// read loads the inputs one command-line argument names: a URL, stdin,
// or a file (which may hold a job of several URLs and options for o).
func (c *cli) read(name string, o *convert.Options) ([]convert.Input, error) {
	if name == "-" {
		data, err := io.ReadAll(io.LimitReader(c.stdin, convert.MaxInputBytes+1))
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		return convert.FileInputs(stdinName(data), data, c.base, o)
	}
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: %w: it is a folder; give the files in it", name, convert.ErrUnsupported)
	}
	switch k, err := convert.KindOf(name); {
	case err != nil:
		return nil, err
	case k == convert.KindURL:
		return []convert.Input{{Name: name, Kind: k, URL: name}}, nil
	}
	data, err := readRegular(name)
	if err != nil {
		return nil, err
	}
	ins, err := convert.FileInputs(name, data, c.base, o)
	for i := range ins {
		if ins[i].Kind == convert.KindHTML && ins[i].Name == name {
			ins[i].Files = pageFolder(filepath.Dir(name))
		}
	}
	return ins, err
}

// pageFolder is the folder of a page read from a file, where a browser
// saving the page whole puts its pictures. Each file is opened through an
// os.Root of the folder, so that no address the page gives reaches out of
// it (by .. or a symbolic link), and no descriptor is held between reads.
type pageFolder string

func (d pageFolder) Open(name string) (fs.File, error) {
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close() // files opened through it stay open
	return r.Open(name)
}

// readRegular reads a regular file through the input size limit. It is
// opened without blocking, so a FIFO with no writer cannot hold the run
// in open(2), and anything but a regular file (a FIFO, a device such as
// /dev/zero behind a .html symlink, a folder) is refused: their size says
// nothing of what they would give.
func readRegular(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, pathError(name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, pathError(name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w: not a regular file (%v); use - for standard input", name, convert.ErrUnsupported, fi.Mode().Type())
	}
	if fi.Size() > convert.MaxInputBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes)", name, convert.ErrTooLarge, fi.Size())
	}
	// Read at the size stat gave (the file may still grow): ReadAll's
	// doublings cost a 3 MB article 6 MB of fresh pages.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+512))
	if _, err := buf.ReadFrom(io.LimitReader(f, convert.MaxInputBytes+1)); err != nil {
		return nil, pathError(name, err)
	}
	data := buf.Bytes()
	if len(data) > convert.MaxInputBytes {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", name, convert.ErrTooLarge, convert.MaxInputBytes)
	}
	return data, nil
}

// stdinName names standard input by what it holds, as a file's extension
// names a file's content: a feed, an HTML page, or else plain text (an
// article or a list of URLs).
func stdinName(data []byte) string {
	// The start tells; reading all of a large input would cost its size
	// again in memory.
	text, err := extract.DecodeText(data[:min(len(data), 4096)])
	head := strings.TrimLeft(text, " \t\r\n\ufeff")
	switch {
	case err != nil || head == "":
		// Binary data is named by the HTML reader's sniffer, and nothing
		// at all is no article, as an empty page is.
		return "stdin.html"
	case strings.HasPrefix(head, "{") && convert.IsFeed(data):
		return "stdin.json"
	case strings.HasPrefix(head, "<") && convert.IsFeed([]byte(head)):
		return "stdin.xml"
	case strings.HasPrefix(head, "<"):
		return "stdin.html"
	}
	head = strings.ToLower(head)
	for _, tag := range []string{"<html", "<body", "<p>", "<div", "<article", "<br"} {
		if strings.Contains(head, tag) {
			return "stdin.html"
		}
	}
	return "stdin.txt"
}

// pathCause is the reason of a file system error without the path it
// names.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pathError names the input as given, not as "stat PATH: ...".
func pathError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", name, pe.Err)
	}
	return err
}

// report converts one input, writes its files and reports it; it returns
// the exit status for this input.
func (c *cli) report(stdout, stderr io.Writer, asJSON bool, name string, conv func() (*convert.Result, string, error)) int {
	start := time.Now()
	res, stem, err := conv()
	if err != nil {
		return fail(stdout, stderr, asJSON, name, err)
	}
	stem = c.uniqueStem(titledStem(stem, res.Title()))
	rep := report{Input: name, Inputs: c.bookInputs, Title: res.Title(), Lang: res.Lang, Chars: res.Chars, Warnings: res.Warnings, MissingGlyphs: res.MissingGlyphs}
	if rep.Warnings == nil {
		rep.Warnings = []string{}
	}
	outs := []struct {
		ext  string
		data []byte
		dst  **fileReport
	}{{"pdf", res.PDF, &rep.PDF}, {"epub", res.EPUB, &rep.EPUB}, {"txt", res.Text, &rep.TXT}}
	// Every output is checked before any is written, so a refused input
	// leaves nothing behind.
	for _, out := range outs {
		if out.data == nil {
			continue
		}
		p := filepath.Join(c.outDir, stem+"."+out.ext)
		if in, ok := c.replacesInput(p); ok {
			return fail(stdout, stderr, asJSON, name, service.NewError(http.StatusBadRequest, "bad_request",
				fmt.Sprintf("refusing to write %s: it is the input %s; choose another -o", p, in)))
		}
	}
	// The files are written at once: each is synced before its rename
	// (storage.WriteFile), and syncs issued together share the file
	// system's journal commit instead of waiting for one another.
	paths, errs := make([]string, len(outs)), make([]error, len(outs))
	var wg sync.WaitGroup
	for i, out := range outs {
		if out.data == nil {
			continue
		}
		paths[i] = filepath.Join(c.outDir, stem+"."+out.ext)
		wg.Go(func() { errs[i] = storage.WriteFile(paths[i], out.data, 0o644) })
	}
	wg.Wait()
	for i, out := range outs {
		if errs[i] != nil {
			return fail(stdout, stderr, asJSON, name, outputError(c.outDir, errs[i]))
		}
		if out.data != nil {
			*out.dst = &fileReport{Path: paths[i], Bytes: len(out.data)}
		}
	}
	if rep.PDF != nil {
		rep.PDF.Pages = res.Pages
		rep.PDF.Standards, rep.PDF.StandardNotes = res.PDFStandards, res.PDFStandardNotes
	}
	rep.ElapsedMS = time.Since(start).Milliseconds()
	if asJSON {
		line, _ := json.Marshal(rep)
		fmt.Fprintf(stdout, "%s\n", line)
	} else {
		var paths []string
		for _, f := range []*fileReport{rep.PDF, rep.EPUB, rep.TXT} {
			if f != nil {
				paths = append(paths, f.Path)
			}
		}
		fmt.Fprintf(stdout, "%s -> %s (%q, %d chars, %d ms)\n", name, strings.Join(paths, ", "), rep.Title, rep.Chars, rep.ElapsedMS)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "article2book: %s: warning: %s\n", name, w)
	}
	return 0
}

// outputError names the output folder that could not be written, not the
// hidden temporary file the write began with, and blames the output, not
// the input.
func outputError(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return service.NewError(http.StatusInternalServerError, "output_failed",
		fmt.Sprintf("cannot write to the output folder %s: %v; choose another -o", dir, err))
}

// uniqueStem keeps two inputs of one run from writing the same files.
func (c *cli) uniqueStem(stem string) string {
	s := stem
	for i := 2; c.stems[s]; i++ {
		s = fmt.Sprintf("%s-%d", stem, i)
	}
	c.stems[s] = true
	return s
}

// sayNothing are file names that tell one article from no other: saved
// pages are often source.html or index.html.
var sayNothing = map[string]bool{"source": true, "index": true, "default": true, "page": true, "article": true,
	"content": true, "main": true, "post": true, "text": true, "input": true, "document": true, "untitled": true}

// titledStem names the outputs after the title when the input's name
// says nothing, so converting several saved source.html pages into one
// folder, run after run, does not write over the last book.
func titledStem(stem, title string) string {
	if !sayNothing[strings.ToLower(stem)] || strings.TrimSpace(title) == "" {
		return stem
	}
	t := []rune(title)
	return slug(string(t[:min(len(t), 60)]))
}

// stemOf names the output files of an input: a file's base name without
// its extension, a slug for a URL.
func stemOf(name string) string {
	if name == "-" {
		return "stdin"
	}
	if k, _ := convert.KindOf(name); k == convert.KindURL {
		u, _ := url.Parse(name)
		return slug(u.Host + u.Path)
	}
	base := filepath.Base(name)
	return slug(strings.TrimSuffix(base, filepath.Ext(base)))
}

// slug keeps letters (any script), digits, '.', '_' and '-', so the name is
// safe on every file system and in S3 keys.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 100 {
			break
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		return "article"
	}
	return out
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
