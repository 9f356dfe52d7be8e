// Command bench measures article2book side by side with what people run
// instead of it, on this machine, in one run (`make bench`):
//
//   - whole processes, several runs each, alternating: our CLI (PDF + EPUB,
//     PDF alone, EPUB alone), headless Chromium printing the same article as
//     a clean HTML page to PDF, and pandoc making an EPUB 3 of that page;
//     on the sample article and on a 100,000-character Chinese article made
//     of the fixtures. Median wall time, CPU (user + system, children
//     included), peak RSS (wait4's ru_maxrss: the largest process; for
//     Chromium also the sampled sum over all its processes), output sizes,
//     and our ratios to each peer against the targets of issue 11;
//   - the Go benchmarks of each stage (extract, layout, PDF, EPUB, cover,
//     whole), in process and warm: ns/op, B/op, allocs/op;
//   - a 1,000,000-character article: time, peak RSS, time per character
//     against the 100,000-character one;
//   - the Lambda function under the Runtime Interface Emulator: INIT
//     REPORT, cold start plus first conversion, warm and billed durations,
//     the zipped arm64 deployment package; and the cost of 1,000
//     conversions at the template's memory size;
//   - article2book -serve under 1, 2, 8 and 64 concurrent clients: conversions
//     per second, p50 and p99 latency, 503 busy answers, the server's peak
//     RSS.
//
// What it compares against is installed when missing (Debian's chromium,
// pandoc and fonts-lxgw-wenkai, so Chromium sets the face we embed), which
// takes root or sudo. -skip leaves sections out.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	runs := flag.Int("runs", 5, "runs of each whole-process command (medians reported)")
	count := flag.Int("count", 5, "runs of each Go benchmark (-count; medians reported)")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime of each stage benchmark")
	starts := flag.Int("lambda-starts", 5, "cold starts of the function under the emulator")
	warm := flag.Int("lambda-warm", 5, "warm invokes after each cold start")
	serveTime := flag.Duration("serve-time", 8*time.Second, "load at each concurrency level")
	skip := flag.String("skip", "", "comma-separated sections to leave out: peers, sizes, stages, million, lambda, serve")
	install := flag.Bool("install", true, "install chromium, pandoc and fonts-lxgw-wenkai when missing")
	sizesDir := flag.String("sizes-dir", "", "keep the sizes section's texts and PDFs (ours and XeLaTeX's) in this folder")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	b := &bench{skip: map[string]bool{}, sizesDir: *sizesDir}
	for _, s := range strings.Split(*skip, ",") {
		if s = strings.TrimSpace(s); s != "" {
			b.skip[s] = true
		}
	}
	err := b.main(ctx, *runs, *count, *benchtime, *starts, *warm, *serveTime, *install)
	for _, d := range temps {
		os.RemoveAll(d)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type bench struct {
	repo, tmp, bin string
	skip           map[string]bool
	// sizesDir, when set, keeps what the sizes section makes, to be taken
	// apart (qpdf --json) after the run.
	sizesDir string
	// chromiumWall is Chromium's median time printing the sample, for the
	// cost estimate.
	chromiumWall time.Duration
}

func (b *bench) main(ctx context.Context, runs, count int, benchtime string, starts, warm int, serveTime time.Duration, install bool) error {
	var err error
	if b.repo, err = repoRoot(); err != nil {
		return err
	}
	if b.tmp, err = os.MkdirTemp("", "article2book-bench-"); err != nil {
		return err
	}
	defer os.RemoveAll(b.tmp)
	if !b.skip["peers"] && install {
		if err := installPeers(ctx); err != nil {
			return err
		}
	}
	b.bin = filepath.Join(b.tmp, "article2book")
	// Built as `make build` builds it: static, without cgo.
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", b.bin, "./cmd/article2book")
	build.Dir = b.repo
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	if err := evict(b.bin); err != nil {
		return err
	}
	printMachine(ctx)

	sample, err := sampleArticle(b.repo)
	if err != nil {
		return err
	}
	long, err := longArticle(b.repo, 100_000)
	if err != nil {
		return err
	}
	if !b.skip["peers"] {
		for _, a := range []benchArticle{sample, long} {
			if err := b.peers(ctx, a, runs); err != nil {
				return err
			}
		}
	}
	if !b.skip["sizes"] {
		if err := b.sizes(ctx); err != nil {
			return err
		}
	}
	if !b.skip["stages"] {
		if err := b.stages(ctx, count, benchtime); err != nil {
			return err
		}
	}
	if !b.skip["million"] {
		million, err := longArticle(b.repo, 1_000_000)
		if err != nil {
			return err
		}
		if err := b.million(ctx, long, million, max(3, runs/2)); err != nil {
			return err
		}
	}
	if !b.skip["lambda"] {
		if err := b.lambdaSection(ctx, starts, warm); err != nil {
			return err
		}
	}
	if !b.skip["serve"] {
		if err := b.serve(ctx, sample, serveTime); err != nil {
			return err
		}
	}
	fmt.Printf("\nload average at the end: %s\n", loadAvg())
	return nil
}

// evict drops a freshly built binary from the page cache, so that it is
// read from disk like an installed program. A file just written sits in
// the cache in large folios, and the kernel maps whole folios on a fault:
// the same binary then shows up to 20 MB more resident memory than once
// it has been read back (measured here: 56 against 36 MiB for the sample).
func evict(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("evict %s: %w", path, err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		return fmt.Errorf("evict %s: %w", path, err)
	}
	return nil
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run inside the article2book module")
	}
	return filepath.Dir(mod), nil
}

// installPeers installs, from Debian, what the bench compares against when
// it is missing.
func installPeers(ctx context.Context) error {
	var missing []string
	for _, p := range []struct{ bin, pkg string }{{"chromium", "chromium"}, {"pandoc", "pandoc"}} {
		if _, err := exec.LookPath(p.bin); err != nil {
			missing = append(missing, p.pkg)
		}
	}
	if out, _ := exec.Command("dpkg-query", "-W", "-f", "${Status}", "fonts-lxgw-wenkai").Output(); !strings.HasSuffix(string(out), " installed") {
		missing = append(missing, "fonts-lxgw-wenkai")
	}
	if len(missing) == 0 {
		return nil
	}
	fmt.Fprintf(os.Stderr, "bench: installing %s\n", strings.Join(missing, " "))
	sudo := []string{}
	if os.Geteuid() != 0 {
		sudo = []string{"sudo"}
	}
	for _, args := range [][]string{
		append(sudo, "apt-get", "update", "-qq"),
		append(append(sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends"), missing...),
	} {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %w", strings.Join(args, " "), err)
		}
	}
	return nil
}

func printMachine(ctx context.Context) {
	version := func(name string, args ...string) string {
		out, err := exec.CommandContext(ctx, name, args...).Output()
		if err != nil {
			return "not installed"
		}
		return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	fmt.Printf("article2book bench, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Printf("machine: %d CPUs (%s), %s, load average %s\n", runtime.NumCPU(), cpu, runtime.Version(), loadAvg())
	fmt.Printf("peers: %s; %s\n", version("chromium", "--version"), version("pandoc", "--version"))
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// peers times our CLI, Chromium and pandoc on one article.
func (b *bench) peers(ctx context.Context, a benchArticle, runs int) error {
	dir := filepath.Join(b.tmp, a.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	txt, page := filepath.Join(dir, a.name+".txt"), filepath.Join(dir, a.name+".html")
	if err := os.WriteFile(txt, []byte(a.text), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(page, []byte(a.html), 0o644); err != nil {
		return err
	}
	out := func(name string) string { return filepath.Join(dir, "out-"+name) }
	ours := func(formats string) command {
		return command{tool: "ours", what: strings.ReplaceAll(formats, ",", "+"), outDir: out(formats),
			args: []string{b.bin, "-o", out(formats), "-images=false", "-formats", formats, txt}}
	}
	cmds := []command{
		ours("pdf,epub"), ours("pdf"), ours("epub"),
		{tool: "chromium", what: "pdf", outDir: out("chromium"), tree: true, args: []string{
			"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
			"--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--user-data-dir={tmp}",
			"--print-to-pdf=" + filepath.Join(out("chromium"), a.name+".pdf"), "file://" + page}},
		{tool: "pandoc", what: "epub", outDir: out("pandoc"), args: []string{
			"pandoc", "-f", "html", "-t", "epub3", "-o", filepath.Join(out("pandoc"), a.name+".epub"), page}},
	}
	fmt.Printf("\n== Whole processes: %s article (%d characters), median of %d runs each, alternating ==\n", a.name, a.chars, runs)
	res, err := measure(ctx, cmds, runs)
	if err != nil {
		return err
	}
	printProcesses(res)
	printRatios(a.name, res)
	if a.name == "sample" {
		b.chromiumWall = find(res, "chromium", "pdf").wall
	}
	return nil
}

func printProcesses(res []summary) {
	fmt.Printf("%-10s %-9s %9s %9s %9s %9s %9s\n", "tool", "output", "wall ms", "CPU ms", "peak MiB", "PDF KB", "EPUB KB")
	for _, s := range res {
		line := fmt.Sprintf("%-10s %-9s %9.1f %9.1f %9.1f %9s %9s", s.tool, s.what, ms(s.wall), ms(s.cpu), mib(s.peakKB),
			kb(s.outBytes["pdf"]), kb(s.outBytes["epub"]))
		if s.treeKB > 0 {
			line += fmt.Sprintf("   (all its processes: %.1f MiB PSS)", mib(s.treeKB))
		}
		fmt.Println(line)
	}
}

func find(res []summary, tool, what string) summary {
	for _, s := range res {
		if s.tool == tool && s.what == what {
			return s
		}
	}
	return summary{}
}

// printRatios prints our ratios to the peers, and for the sample the
// targets of issue 11 they are held to.
func printRatios(name string, res []summary) {
	both, pdf, epub := find(res, "ours", "pdf+epub"), find(res, "ours", "pdf"), find(res, "ours", "epub")
	chromium, pandoc := find(res, "chromium", "pdf"), find(res, "pandoc", "epub")
	target := func(ok bool, t string) string {
		if name != "sample" {
			return ""
		}
		if ok {
			return "  [target " + t + ": met]"
		}
		return "  [target " + t + ": MISSED]"
	}
	speed := ratio(chromium.wall, both.wall)
	mem := float64(both.peakKB) / float64(chromium.peakKB)
	fmt.Printf("ours PDF+EPUB vs Chromium PDF alone: %.1fx faster%s; %.1fx less CPU; peak RSS 1/%.1f of Chromium's largest process%s, 1/%.1f of all its processes (PSS)\n",
		speed, target(speed >= 50, ">= 50x"), ratio(chromium.cpu, both.cpu), 1/mem, target(mem <= 1.0/8, "<= 1/8"), float64(chromium.treeKB)/float64(both.peakKB))
	fmt.Printf("ours PDF alone vs Chromium PDF: %.1fx faster; PDF %.2fx the size of Chromium's (%d vs %d bytes)%s\n",
		ratio(chromium.wall, pdf.wall), float64(pdf.outBytes["pdf"])/float64(chromium.outBytes["pdf"]),
		pdf.outBytes["pdf"], chromium.outBytes["pdf"], target(pdf.outBytes["pdf"] <= chromium.outBytes["pdf"], "no larger"))
	es := ratio(pandoc.wall, epub.wall)
	fmt.Printf("ours EPUB alone vs pandoc EPUB: %.1fx faster%s; peak RSS 1/%.1f of pandoc's; EPUB %.2fx the size of pandoc's\n",
		es, target(es >= 5, ">= 5x"), float64(pandoc.peakKB)/float64(epub.peakKB), float64(epub.outBytes["epub"])/float64(pandoc.outBytes["epub"]))
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mib(kb int64) float64 { return float64(kb) / 1024 }

func kb(n int64) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(n)/1000)
}

func (b *bench) stages(ctx context.Context, count int, benchtime string) error {
	fmt.Printf("\n== In process, warm: the sample article by stage (go test -bench, median of %d) ==\n", count)
	res, err := runStages(ctx, b.repo, b.tmp, count, benchtime)
	if err != nil {
		return err
	}
	fmt.Printf("%-30s %-40s %9s %9s %10s\n", "stage", "benchmark", "ms/op", "MB/op", "allocs/op")
	for _, r := range res {
		if r.runs == 0 {
			fmt.Printf("%-30s %-40s %9s\n", r.name, r.pkg+" "+r.bench, "missing")
			continue
		}
		fmt.Printf("%-30s %-40s %9.2f %9.2f %10.0f\n", r.name, r.pkg+" "+r.bench, r.nsPerOp/1e6, r.bytesPerOp/1e6, r.allocsPerOp)
	}
	if w := res[len(res)-1]; w.runs > 0 {
		fmt.Printf("whole conversion: %.2f ms%s, %.2f MB allocated%s\n",
			w.nsPerOp/1e6, mark(w.nsPerOp < 8e6, "< 8 ms"), w.bytesPerOp/1e6, mark(w.bytesPerOp < 4e6, "< 4 MB"))
	}
	return nil
}

func mark(ok bool, t string) string {
	if ok {
		return " [target " + t + ": met]"
	}
	return " [target " + t + ": MISSED]"
}

// million times the CLI (PDF + EPUB) on the 100,000- and the
// 1,000,000-character articles, alternating.
func (b *bench) million(ctx context.Context, long, million benchArticle, runs int) error {
	var cmds []command
	for _, a := range []benchArticle{long, million} {
		txt := filepath.Join(b.tmp, a.name+".txt")
		if err := os.WriteFile(txt, []byte(a.text), 0o644); err != nil {
			return err
		}
		out := filepath.Join(b.tmp, "out-"+a.name)
		cmds = append(cmds, command{tool: "ours", what: a.name, outDir: out,
			args: []string{b.bin, "-o", out, "-images=false", "-formats", "pdf,epub", txt}})
	}
	fmt.Printf("\n== Linear growth: our CLI, PDF + EPUB, median of %d runs ==\n", runs)
	res, err := measure(ctx, cmds, runs)
	if err != nil {
		return err
	}
	fmt.Printf("%-10s %10s %9s %9s %9s %9s %12s\n", "article", "chars", "wall ms", "CPU ms", "peak MiB", "PDF KB", "µs per char")
	per := make([]float64, len(res))
	for i, s := range res {
		chars := []int{long.chars, million.chars}[i]
		per[i] = float64(s.wall.Microseconds()) / float64(chars)
		fmt.Printf("%-10s %10d %9.1f %9.1f %9.1f %9s %12.3f\n", s.what, chars, ms(s.wall), ms(s.cpu), mib(s.peakKB), kb(s.outBytes["pdf"]), per[i])
	}
	m := res[1]
	fmt.Printf("1M characters: %.0f ms%s, peak %.1f MiB%s; time per character %.2fx that at 100k%s\n",
		ms(m.wall), mark(m.wall < time.Second, "< 1 s"), mib(m.peakKB), mark(m.peakKB < 128<<10, "< 128 MiB"),
		per[1]/per[0], mark(per[1] <= per[0], "no worse"))
	return nil
}

func (b *bench) lambdaSection(ctx context.Context, starts, warm int) error {
	fmt.Printf("\n== The Lambda function under the Runtime Interface Emulator: sample text event, %d cold starts (bootstrap in the page cache) and one from disk, %d warm invokes each ==\n", starts, warm)
	r, err := benchLambda(ctx, b.repo, b.tmp, starts, warm)
	if err != nil {
		return err
	}
	fmt.Printf("INIT REPORT (median)                     %8.1f ms%s\n", ms(r.init), mark(r.init < 20*time.Millisecond, "< 20 ms"))
	fmt.Printf("cold start + first conversion (median)   %8.1f ms%s   (invoke sent to answer; REPORT Duration %.1f ms, billed %.0f ms)\n",
		ms(r.cold), mark(r.cold < 60*time.Millisecond, "< 60 ms"), ms(r.coldDuration), ms(r.coldBilled))
	fmt.Printf("  the same, bootstrap read from disk (one start): INIT %.1f ms, cold start + first conversion %.1f ms\n", ms(r.diskInit), ms(r.diskCold))
	fmt.Printf("warm conversion (median of %d)            %8.1f ms   (billed %.0f ms)\n", r.warmInvocations, ms(r.warm), ms(r.warmBilled))
	fmt.Printf("bootstrap peak RSS                       %8.1f MiB  (template MemorySize %d MB)\n", mib(r.peakKB), r.memoryMB)
	// Issue 18 raised issue 11's 50 MB to 60 MB for the faces of every script.
	fmt.Printf("arm64 bootstrap %.1f MB, zipped %.1f MB%s\n", float64(r.bootstrapBytes)/1e6, float64(r.zipBytes)/1e6, mark(r.zipBytes < 60e6, "< 60 MB"))
	printCost(r, b.chromiumWall)
	return nil
}

func (b *bench) serve(ctx context.Context, sample benchArticle, d time.Duration) error {
	levels := []int{1, 2, 8, 64}
	fmt.Printf("\n== article2book -serve under load: the sample text, closed-loop clients for %v per level (503s wait Retry-After) ==\n", d)
	res, err := benchServe(ctx, b.bin, b.tmp, sample.text, levels, d)
	if err != nil {
		return err
	}
	fmt.Printf("%8s %9s %9s %9s %9s %9s %9s %11s\n", "clients", "conv/s", "p50 ms", "p99 ms", "200s", "503s", "other", "server MiB")
	for _, l := range res {
		fmt.Printf("%8d %9.1f %9.1f %9.1f %9d %9d %9d %11.1f\n", l.clients, l.throughput(), ms(l.p50), ms(l.p99), l.ok, l.busy, l.other, mib(l.serverPeakKB))
		if l.other > 0 {
			fmt.Printf("         first unexpected answer: %s\n", l.firstOther)
		}
	}
	for _, l := range res {
		switch l.clients {
		case 8:
			fmt.Printf("8 clients: %.1f conversions/s%s, p99 %.0f ms%s\n", l.throughput(), mark(l.throughput() >= 60, ">= 60/s"), ms(l.p99), mark(l.p99 < 250*time.Millisecond, "< 250 ms"))
		case 64:
			fmt.Printf("64 clients: %d answered 503 busy (%d without Retry-After, p99 %.1f ms), %d other; server peak %.1f MiB%s\n",
				l.busy, l.busyNoRetry, ms(l.busyP99), l.other, mib(l.serverPeakKB), mark(l.busy > 0 && l.busyNoRetry == 0 && l.other == 0, "excess answered 503 with Retry-After"))
		}
	}
	return nil
}
