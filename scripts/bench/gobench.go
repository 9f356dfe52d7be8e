package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// stage is one step of a conversion with the Go benchmark that measures
// it, in process and warm (fonts parsed, faces decompressed).
type stage struct {
	name  string
	pkg   string
	bench string // full name as go test prints it, without the -GOMAXPROCS suffix
}

// stages are the sample article's conversion step by step, then whole.
var stages = []stage{
	{"extract (text)", "./pkg/extract", "BenchmarkExtract/sample-zh.txt"},
	{"extract (HTML page)", "./pkg/extract", "BenchmarkExtract/gmw"},
	{"layout (lines, pages)", "./pkg/render/pdf", "BenchmarkLayoutSample"},
	{"PDF (layout + write)", "./pkg/render/pdf", "BenchmarkPDFSample"},
	{"EPUB (cover included)", "./pkg/render/epub", "BenchmarkEPUBSample/plain"},
	{"cover", "./pkg/render/epub", "BenchmarkCover"},
	{"whole: sample to PDF + EPUB", "./pkg/convert", "BenchmarkConvert/sample-zh.txt"},
}

// benchResult is one line of go test -bench -benchmem output.
type benchResult struct {
	name                string
	nsPerOp, bytesPerOp float64
	allocsPerOp         float64
	metrics             map[string]float64 // custom units: pdf-bytes, …
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// parseBench reads go test -bench output; one result per line, repeated
// names (from -count) kept in order.
func parseBench(r io.Reader) ([]benchResult, error) {
	var out []benchResult
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		res := benchResult{name: m[1], metrics: map[string]float64{}}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("bench line %q: %v", sc.Text(), err)
			}
			switch f[i+1] {
			case "ns/op":
				res.nsPerOp = v
			case "B/op":
				res.bytesPerOp = v
			case "allocs/op":
				res.allocsPerOp = v
			default:
				res.metrics[f[i+1]] = v
			}
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// runStages builds each package's test binary once and runs each stage's
// benchmark count times; it returns the median of each stage, in the order
// of stages. A benchmark a package does not have is reported with no runs
// rather than failing the bench.
func runStages(ctx context.Context, repo, tmp string, count int, benchtime string) ([]stageResult, error) {
	bins := map[string]string{}
	var out []stageResult
	for _, s := range stages {
		bin, ok := bins[s.pkg]
		if !ok {
			bin = filepath.Join(tmp, strings.ReplaceAll(strings.Trim(s.pkg, "./"), "/", "_")+".test")
			cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, s.pkg)
			cmd.Dir = repo
			if b, err := cmd.CombinedOutput(); err != nil {
				return nil, fmt.Errorf("go test -c %s: %w\n%s", s.pkg, err, b)
			}
			bins[s.pkg] = bin
		}
		cmd := exec.CommandContext(ctx, bin, "-test.run", "^$", "-test.bench", benchPattern(s.bench), "-test.benchmem",
			"-test.count", strconv.Itoa(count), "-test.benchtime", benchtime)
		cmd.Dir = filepath.Join(repo, s.pkg) // tests read their fixtures relative to the package
		b, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s -test.bench %s: %w\n%s", s.pkg, s.bench, err, b)
		}
		rs, err := parseBench(strings.NewReader(string(b)))
		if err != nil {
			return nil, err
		}
		sr := stageResult{stage: s}
		rs = slices.DeleteFunc(rs, func(r benchResult) bool { return r.name != s.bench })
		if sr.runs = len(rs); sr.runs > 0 {
			sr.nsPerOp = median(rs, func(r benchResult) float64 { return r.nsPerOp })
			sr.bytesPerOp = median(rs, func(r benchResult) float64 { return r.bytesPerOp })
			sr.allocsPerOp = median(rs, func(r benchResult) float64 { return r.allocsPerOp })
		}
		out = append(out, sr)
	}
	return out, nil
}

type stageResult struct {
	stage
	runs                             int
	nsPerOp, bytesPerOp, allocsPerOp float64
}

// benchPattern is the -test.bench pattern that runs the benchmark called
// name: go test matches each slash-separated level of a name with its own
// expression. Deeper sub-benchmarks match too (a pattern cannot leave them
// out without turning the leaf into a partial match, which is not
// measured); callers keep only the results named name.
func benchPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}
