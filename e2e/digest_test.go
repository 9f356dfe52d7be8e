package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/bookify/article2book/internal/verify"
)

// rssItem is an item of the origin's feed: with its full text, or with
// only a summary and a link to the origin's article page.
func rssItem(n int, day string, full bool) string {
	body := "<p>Summary only.</p>"
	if full {
		var b strings.Builder
		for p := 1; p <= 4; p++ {
			fmt.Fprintf(&b, "<p>第%d篇第%d段：冬天的港口依旧忙碌，渔民们把船拖上岸检修，修船厂里从早到晚都有敲打声，老师傅一边干活一边给徒弟讲每一道工序的讲究。</p>", n, p)
		}
		body = b.String()
	}
	return fmt.Sprintf("<item><title>第%d篇报道</title><link>%s/news/%d</link><guid>harbour-%d</guid><pubDate>%s</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>",
		n, env.origin, n, n, day, body)
}

func setFeed(items ...string) {
	env.feed.Store(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>港口日报</title>` +
		strings.Join(items, "") + `</channel></rss>`)
}

// digestObjects lists what is under out/digests/harbour/, with ETags.
func digestObjects(t *testing.T) map[string]string {
	t.Helper()
	out, err := env.s3.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String("out/digests/harbour/")})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, o := range out.Contents {
		m[strings.TrimPrefix(aws.ToString(o.Key), "out/digests/harbour/")] = aws.ToString(o.ETag)
	}
	return m
}

type digestAnswer struct {
	Digests []struct {
		Name, Date, Outcome, Manifest string
		Chapters                      int
	} `json:"digests"`
}

func invokeDigest(t *testing.T, event []byte) digestAnswer {
	t.Helper()
	r := invoke(t, event)
	if fe := r.FunctionError(); fe != "" {
		t.Fatalf("digest run failed: %s\n%s", r.Body, env.logs.Since(r.LogStart))
	}
	checkJSONLogs(t, r.LogStart)
	var a digestAnswer
	if err := json.Unmarshal(r.Body, &a); err != nil || len(a.Digests) != 1 {
		t.Fatalf("answer %s: %v", r.Body, err)
	}
	return a
}

// The scheduled digest event (events/schedule-digest.json) through the real
// bootstrap: the first run writes the day's book of every item and the
// digest's state; the next day, with one new item, a book of that item
// alone; the same day again, nothing.
func TestScheduledDigest(t *testing.T) {
	freshS3(t)
	list := fmt.Sprintf(`{"feeds": [{"name": "harbour", "url": %q, "max_items": 10}]}`, env.origin+"/feed.xml")
	putObject(t, "digests/feeds.json", []byte(list), nil)
	setFeed(rssItem(2, "Tue, 01 Dec 2026 05:00:00 +0000", true), rssItem(1, "Mon, 30 Nov 2026 09:00:00 +0000", false))
	first := readEvent(t, "schedule-digest.json")

	a := invokeDigest(t, first)
	if d := a.Digests[0]; d.Outcome != "written" || d.Date != "2026-12-01" || d.Chapters != 2 || d.Manifest != "out/digests/harbour/2026-12-01.json" {
		t.Fatalf("first run: %+v", d)
	}
	m := checkBook(t, "out/digests/harbour/2026-12-01", nil, "")
	if m.Title != "港口日报 — 2026-12-01" || m.Source != env.origin+"/feed.xml" {
		t.Errorf("first book: title %q source %q", m.Title, m.Source)
	}
	epub := getObject(t, "out/digests/harbour/2026-12-01.epub").Body
	pdf := getObject(t, "out/digests/harbour/2026-12-01.pdf").Body
	// The full-text item as the feed gives it; the summary's page fetched.
	want := []string{"第2篇报道", "第2篇第1段", "第2篇第4段", "第1篇报道", sampleSentence(t)}
	verify.Marks(t, "first book's EPUB", want, verify.EPUBText(t, epub))
	verify.Marks(t, "first book's PDF", want, verify.PDFText(t, pdf))
	st := getObject(t, "out/digests/harbour/state.json")
	if st == nil || !bytes.Contains(st.Body, []byte(`"last": "2026-12-01"`)) || !bytes.Contains(st.Body, []byte(`"harbour-1"`)) || !bytes.Contains(st.Body, []byte(`"harbour-2"`)) {
		t.Fatalf("state after the first run: %v", st)
	}

	setFeed(rssItem(3, "Wed, 02 Dec 2026 05:00:00 +0000", true), rssItem(2, "Tue, 01 Dec 2026 05:00:00 +0000", true), rssItem(1, "Mon, 30 Nov 2026 09:00:00 +0000", false))
	second := bytes.Replace(first, []byte("2026-12-01T06:00:00Z"), []byte("2026-12-02T06:00:00Z"), 1)
	a = invokeDigest(t, second)
	if d := a.Digests[0]; d.Outcome != "written" || d.Date != "2026-12-02" || d.Chapters != 1 {
		t.Fatalf("second run: %+v", d)
	}
	m = checkBook(t, "out/digests/harbour/2026-12-02", nil, "")
	text := verify.EPUBText(t, getObject(t, "out/digests/harbour/2026-12-02.epub").Body)
	verify.Marks(t, "second book", []string{"第3篇报道", "第3篇第1段", "第3篇第4段"}, text)
	if strings.Contains(text, "第2篇") || strings.Contains(text, "第1篇") || m.Title != "港口日报 — 2026-12-02" {
		t.Errorf("second book %q holds items of the first", m.Title)
	}

	before := digestObjects(t)
	a = invokeDigest(t, second)
	if d := a.Digests[0]; d.Outcome != "skipped" {
		t.Errorf("repeated run: %+v", d)
	}
	if after := digestObjects(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("repeated run wrote:\n%v\nwas\n%v", after, before)
	}
	if len(before) != 7 { // two books of three objects, and the state
		t.Errorf("objects under out/digests/harbour/: %v", before)
	}
}

// sampleSentence is a sentence of the origin's article page.
func sampleSentence(t *testing.T) string {
	t.Helper()
	i := strings.Index(sampleHTML, "<p>")
	if i < 0 {
		t.Fatal("sample page has no paragraph")
	}
	p := sampleHTML[i+3:]
	p = p[:strings.IndexAny(p, "<")]
	if r := []rune(strings.TrimSpace(p)); len(r) > 20 {
		return string(r[:20])
	}
	return strings.TrimSpace(p)
}
