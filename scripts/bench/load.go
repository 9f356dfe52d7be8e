package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/bookify/article2book/internal/loopback"
)

// loadLevel is the server under one number of concurrent clients.
type loadLevel struct {
	clients      int
	elapsed      time.Duration
	ok, busy     int           // 200 answers; 503 busy answers
	busyNoRetry  int           // 503s without a Retry-After header
	other        int           // any other answer or a transport error
	p50, p99     time.Duration // of the 200 answers
	busyP99      time.Duration // of the 503 answers
	serverPeakKB int64         // VmHWM of the server during the level
	firstOther   string
}

func (l loadLevel) throughput() float64 { return float64(l.ok) / l.elapsed.Seconds() }

// benchServe starts article2book -serve on a free loopback port and drives it
// with closed-loop clients posting the sample text for d at each level.
// A client answered 503 waits as Retry-After says, as a well-behaved
// client does; the waiting is counted in no latency.
func benchServe(ctx context.Context, bin, tmp, text string, levels []int, d time.Duration) ([]loadLevel, error) {
	addr, err := loopback.FreeAddr()
	if err != nil {
		return nil, err
	}
	out, err := os.MkdirTemp(tmp, "serve-")
	if err != nil {
		return nil, err
	}
	var logs loopback.Log
	cmd := exec.CommandContext(ctx, bin, "-serve", addr, "-o", out)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	if err := loopback.WaitListening(addr, 20*time.Second); err != nil {
		return nil, fmt.Errorf("article2book -serve: %w\n%s", err, logs.String())
	}
	body, err := json.Marshal(map[string]any{"text": text, "options": map[string]any{"formats": []string{"pdf", "epub"}}})
	if err != nil {
		return nil, err
	}
	url := "http://" + addr + "/convert"
	// Warm the server (fonts parsed) before the first level.
	if a := post(http.DefaultClient, url, body); a.status != http.StatusOK {
		return nil, fmt.Errorf("warm-up request: %d %v\n%s", a.status, a.err, logs.String())
	}
	var res []loadLevel
	for _, n := range levels {
		// Writing 5 to clear_refs resets the process's VmHWM.
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", cmd.Process.Pid), []byte("5"), 0); err != nil {
			return nil, fmt.Errorf("reset peak RSS: %w", err)
		}
		l := drive(url, body, n, d)
		l.serverPeakKB = statusField(fmt.Sprintf("/proc/%d", cmd.Process.Pid), "VmHWM:")
		res = append(res, l)
		if err := os.RemoveAll(out + "/books"); err != nil {
			return nil, err
		}
	}
	return res, nil
}

type answer struct {
	status     int
	retryAfter string
	latency    time.Duration
	err        error
}

func post(client *http.Client, url string, body []byte) answer {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err, latency: time.Since(t0)}
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	a := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), latency: time.Since(t0), err: err}
	if a.status == http.StatusOK && !bytes.Contains(b, []byte(`"urls"`)) {
		a.err = fmt.Errorf("200 without urls: %.200s", b)
	}
	return a
}

func drive(url string, body []byte, clients int, d time.Duration) loadLevel {
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxIdleConns: clients},
		Timeout:   3 * time.Minute,
	}
	defer client.CloseIdleConnections()
	var (
		mu      sync.Mutex
		answers []answer
		wg      sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				a := post(client, url, body)
				mu.Lock()
				answers = append(answers, a)
				mu.Unlock()
				if a.status == http.StatusServiceUnavailable {
					wait, err := strconv.Atoi(a.retryAfter)
					if err != nil || wait <= 0 {
						wait = 1
					}
					time.Sleep(min(time.Duration(wait)*time.Second, time.Until(deadline)))
				}
			}
		}()
	}
	wg.Wait()
	l := loadLevel{clients: clients, elapsed: time.Since(start)}
	var okLat, busyLat []time.Duration
	for _, a := range answers {
		switch {
		case a.err == nil && a.status == http.StatusOK:
			l.ok++
			okLat = append(okLat, a.latency)
		case a.err == nil && a.status == http.StatusServiceUnavailable:
			l.busy++
			busyLat = append(busyLat, a.latency)
			if a.retryAfter == "" {
				l.busyNoRetry++
			}
		default:
			l.other++
			if l.firstOther == "" {
				l.firstOther = fmt.Sprintf("status %d: %v", a.status, a.err)
			}
		}
	}
	l.p50, l.p99 = percentile(okLat, 50), percentile(okLat, 99)
	l.busyP99 = percentile(busyLat, 99)
	return l
}

// percentile p (0-100) of ds by the nearest-rank method.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 * n)
	return s[max(rank, 1)-1]
}
