package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// run is what one whole process cost, from wait4's rusage: CPU is user
// plus system time of the process and of every descendant it waited for;
// peak is the largest resident set among them (what /usr/bin/time -v
// reports as "Maximum resident set size").
type run struct {
	wall, cpu time.Duration
	peakKB    int64
	outBytes  map[string]int64 // output file extension -> bytes
	treeKB    int64            // sampled peak PSS of the whole process tree, when asked
}

// command is one way of converting an article, run as a whole process.
type command struct {
	tool   string // "ours", "chromium", "pandoc"
	what   string // "pdf+epub", "pdf", "epub"
	args   []string
	outDir string
	// tree asks for one more run sampling the summed memory of the process
	// tree: Chromium's browser, renderer, GPU and utility processes are
	// each a process, and rusage gives only the largest.
	tree bool
}

// runOnce runs c with a clean output folder and returns its cost.
func runOnce(ctx context.Context, c command, sampleTree bool) (run, error) {
	if err := os.RemoveAll(c.outDir); err != nil {
		return run{}, err
	}
	if err := os.MkdirAll(c.outDir, 0o755); err != nil {
		return run{}, err
	}
	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = strings.ReplaceAll(a, "{tmp}", mustTemp())
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{}, fmt.Errorf("%s: %w", args[0], err)
	}
	var tree chan int64
	if sampleTree {
		tree = make(chan int64, 1)
		go func() { tree <- sampleTreePSS(cmd.Process.Pid, 10*time.Millisecond) }()
	}
	err := cmd.Wait()
	wall := time.Since(start)
	if err != nil {
		return run{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, lastLines(stderr.String(), 5))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := run{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		peakKB: ru.Maxrss, // KiB on Linux
	}
	if tree != nil {
		r.treeKB = <-tree
	}
	r.outBytes, err = outputs(c.outDir)
	return r, err
}

var temps []string

// mustTemp gives each run of a command a fresh folder, e.g. Chromium's
// --user-data-dir: a function starts from an empty profile every time.
func mustTemp() string {
	d, err := os.MkdirTemp("", "bench-profile-")
	if err != nil {
		panic(err)
	}
	temps = append(temps, d)
	return d
}

func outputs(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(filepath.Ext(p), ".")] += info.Size()
		return nil
	})
	return out, err
}

// sampleTreePSS polls the summed proportional set size of pid and its
// descendants until pid is gone, and returns the largest sum seen, in KiB.
// PSS, unlike RSS, counts a page shared by n processes 1/n in each, so the
// sum is what the tree holds.
func sampleTreePSS(pid int, every time.Duration) int64 {
	var peak int64
	for {
		total, alive := treePSS(pid)
		if !alive {
			return peak
		}
		peak = max(peak, total)
		time.Sleep(every)
	}
}

func treePSS(root int) (kb int64, alive bool) {
	parents := map[int][]int{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, _ := strconv.Atoi(filepath.Base(d))
		if ppid := statusField(d, "PPid:"); ppid > 0 {
			parents[int(ppid)] = append(parents[int(ppid)], pid)
		}
	}
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		pss := field(fmt.Sprintf("/proc/%d/smaps_rollup", p), "Pss:")
		if p == root {
			if pss < 0 {
				return 0, false // exited (a zombie has no mappings)
			}
			alive = true
		}
		kb += max(pss, 0)
		queue = append(queue, parents[p]...)
	}
	return kb, alive
}

// statusField reads one numeric field of /proc/PID/status; -1 when absent.
func statusField(dir, name string) int64 { return field(dir+"/status", name) }

// field reads the number after name at the start of a line of a /proc
// file (in kB where it has a unit); -1 when absent.
func field(path, name string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// summary is the medians of several runs of one command.
type summary struct {
	command
	runs      int
	wall, cpu time.Duration
	peakKB    int64
	treeKB    int64
	outBytes  map[string]int64
}

// measure runs every command once to warm the page cache (discarded), then
// n times each, alternating, so that a change in the machine's load falls
// on all of them alike. It returns the medians, in the commands' order.
func measure(ctx context.Context, cmds []command, n int) ([]summary, error) {
	runs := make([][]run, len(cmds))
	for _, c := range cmds {
		if _, err := runOnce(ctx, c, false); err != nil {
			return nil, err
		}
	}
	for range n {
		for i, c := range cmds {
			r, err := runOnce(ctx, c, false)
			if err != nil {
				return nil, err
			}
			runs[i] = append(runs[i], r)
		}
	}
	out := make([]summary, len(cmds))
	for i, c := range cmds {
		s := summarize(c, runs[i])
		if c.tree {
			r, err := runOnce(ctx, c, true)
			if err != nil {
				return nil, err
			}
			s.treeKB = r.treeKB
		}
		out[i] = s
	}
	return out, nil
}

func summarize(c command, rs []run) summary {
	s := summary{command: c, runs: len(rs), outBytes: rs[len(rs)-1].outBytes}
	s.wall = median(rs, func(r run) time.Duration { return r.wall })
	s.cpu = median(rs, func(r run) time.Duration { return r.cpu })
	s.peakKB = median(rs, func(r run) int64 { return r.peakKB })
	return s
}

// median of f over rs; the lower middle one for an even count.
func median[T any, V int64 | time.Duration | float64](rs []T, f func(T) V) V {
	if len(rs) == 0 {
		return 0
	}
	vs := make([]V, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	return vs[(len(vs)-1)/2]
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
