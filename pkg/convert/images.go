package convert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // decoders image.DecodeConfig recognises
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp"

	"github.com/bookify/article2book/internal/dataurl"
	"github.com/bookify/article2book/pkg/book"
	"github.com/bookify/article2book/pkg/fetch"
)

// Image limits: a picture is checked by its header before anything decodes
// it, so a small file declaring huge dimensions (a decompression bomb)
// costs nothing.
const (
	MaxImagePixels = 40_000_000
	MaxImages      = 200 // per book
	imageWorkers   = 4
)

// A book keeps images, in document order, while their bytes and pixels
// stay within these; the rest are left out with a warning, so that the
// renderers, which decode them one by one, never hold more. Variables for
// tests.
var (
	maxBookImageBytes  = 64 << 20
	maxBookImagePixels = 400_000_000
)

var (
	errImageTooBig   = errors.New("image dimensions over the limit")
	errTruncatedJPEG = errors.New("truncated JPEG: no end-of-image marker")
	errImageBudget   = errors.New("over the book's image budget")
	errNotImage      = errors.New("not an image")
)

// loadImages downloads every image of the book, with the chapter's page as
// Referer, or decodes it from its data: URL, or reads it from the folder
// of a page read from a file, and keeps those the renderers can embed. An
// image that cannot be had leaves Data nil (renderers show its alt text)
// and a warning. Without a client only data: URLs and files are read.
//
// from are the chapters' inputs: in a book of several, each warning names
// the input its image belongs to. Images larger than box, in pixels, are
// kept scaled down to fit it.
func loadImages(ctx context.Context, c *fetch.Client, b *book.Book, from []Input, box image.Point) []string {
	jobs, same := imageJobs(b, from, c != nil)
	var warnings []string
	if len(jobs) > MaxImages {
		warnings = append(warnings, fmt.Sprintf("%d images, only the first %d downloaded", len(jobs), MaxImages))
		jobs = jobs[:MaxImages]
	}
	errs := make([]error, len(jobs))
	// Downloads go a batch at a time, in document order, and stop once the
	// book's image budget is spent: what is held never passes the budget
	// by more than one batch, and the same book keeps the same images.
	var budget imageBudget
	next := 0 // the first job not downloaded
	for ; next < len(jobs) && budget.dropped == 0; next += imageWorkers {
		start := next
		batch := jobs[start:min(start+imageWorkers, len(jobs))]
		eachN(len(batch), imageWorkers, func(k int) {
			if ctx.Err() != nil {
				errs[start+k] = ErrBudget
				return
			}
			errs[start+k] = loadImage(ctx, c, batch[k], box)
		})
		for k, j := range batch {
			if errs[start+k] == nil {
				budget.keep(j.img)
			}
		}
	}
	for i := next; i < len(jobs); i++ {
		budget.dropped++ // not downloaded: the budget was spent
		errs[i] = errImageBudget
	}
	if budget.dropped > 0 {
		warnings = append(warnings, fmt.Sprintf("%s left out: the book's images are over %d MiB or %d megapixels", plural(budget.dropped, "image"), maxBookImageBytes>>20, maxBookImagePixels/1_000_000))
	}
	for _, j := range jobs {
		for _, img := range same[j.key] {
			img.Data, img.MediaType, img.Width, img.Height = j.img.Data, j.img.MediaType, j.img.Width, j.img.Height
		}
	}
	// Warnings in document order, whatever order downloads finished in;
	// those the reading budget left out in one.
	late := 0
	for i, err := range errs {
		switch {
		case err == nil, errors.Is(err, errImageBudget):
		case errors.Is(err, ErrBudget), ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, fetch.ErrTimeout)):
			late++
		default:
			warnings = append(warnings, fmt.Sprintf("%simage %s left out: %v", jobs[i].input, jobs[i].img.Name(), err))
		}
	}
	if late > 0 {
		warnings = append(warnings, fmt.Sprintf("%s left out: %v", plural(late, "image"), ErrBudget))
	}
	return warnings
}

// imageJob is an image to download, with the chapter's page as Referer,
// the folder of a page read from a file (nil for others) and its input's
// name for warnings.
type imageJob struct {
	img     *book.Image
	key     string // the image's address; in a page's folder, with the chapter
	referer string
	files   fs.FS
	input   string
}

// imageJobs are the images of b to load, each once, in document order:
// those given by data: URLs or read from a page's folder, and when
// fetching, those to download. same maps each job's key to the other
// references to its image, which share the bytes.
func imageJobs(b *book.Book, from []Input, fetching bool) (jobs []imageJob, same map[string][]*book.Image) {
	same = map[string][]*book.Image{}
	for i, ch := range b.Chapters {
		var in Input
		if i < len(from) {
			in = from[i]
		}
		input := ""
		if len(b.Chapters) > 1 {
			input = in.Name + ": "
		}
		book.Walk(ch.Blocks, func(blk book.Block) {
			img, ok := blk.(*book.Image)
			if !ok || img.Src == "" || img.Data != nil {
				return
			}
			key, files := img.Src, fs.FS(nil)
			if in.Files != nil && relative(img.Src) {
				// A path in this chapter's folder: another chapter's
				// folder may hold another file by the same path.
				key, files = strconv.Itoa(i)+"\x00"+img.Src, in.Files
			} else if !fetching && !dataurl.Is(img.Src) {
				return
			}
			if refs, seen := same[key]; seen {
				same[key] = append(refs, img)
				return
			}
			same[key] = nil
			jobs = append(jobs, imageJob{img: img, key: key, referer: ch.SourceURL, files: files, input: input})
		})
	}
	return jobs, same
}

// relative reports whether src is an address with neither scheme nor
// host: a path.
func relative(src string) bool {
	u, err := url.Parse(src)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// imageBudget counts the bytes and pixels of the images a book keeps.
type imageBudget struct{ bytes, pixels, dropped int }

// keep adds img to the book's images, or drops its data once they are
// over the budget (and every one after it).
func (b *imageBudget) keep(img *book.Image) {
	b.bytes += len(img.Data)
	b.pixels += img.Width * img.Height
	if b.dropped > 0 || b.bytes > maxBookImageBytes || b.pixels > maxBookImagePixels {
		img.Data, img.MediaType, img.Width, img.Height = nil, "", 0, 0
		b.dropped++
	}
}

func loadImage(ctx context.Context, c *fetch.Client, j imageJob, box image.Point) error {
	var body []byte
	var err error
	switch {
	case dataurl.Is(j.img.Src):
		body, err = inlineImage(j.img.Src)
	case j.files != nil:
		body, err = fileImage(j.files, j.img.Src)
	default:
		var resp *fetch.Response
		if resp, err = c.Image(ctx, j.img.Src, j.referer); err == nil {
			body = resp.Body
		}
	}
	if err != nil {
		return err
	}
	data, mt, w, h, err := embeddable(body, box)
	if err != nil {
		return err
	}
	j.img.Data, j.img.MediaType, j.img.Width, j.img.Height = data, mt, w, h
	return nil
}

// fileImage reads the picture at path name in files, the folder of a page
// read from a file, no larger than a download may be. Only a regular
// file is opened: opening a FIFO would wait for a writer.
func fileImage(files fs.FS, name string) ([]byte, error) {
	fi, err := fs.Stat(files, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w: not a regular file (%v)", name, errNotImage, fi.Mode().Type())
	}
	f, err := files.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, fetch.DefaultMaxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > fetch.DefaultMaxImageBytes {
		return nil, fmt.Errorf("%s: %w (over %d MiB)", name, fetch.ErrTooLarge, fetch.DefaultMaxImageBytes>>20)
	}
	return data, nil
}

// inlineImage decodes an image's data: URL as the downloader takes a
// response: of an image type, or of none and then judged by its bytes,
// and no larger than a download may be.
func inlineImage(src string) ([]byte, error) {
	u, err := dataurl.Parse(src)
	if err != nil {
		return nil, err
	}
	switch mt := u.MediaType; {
	case mt == "", mt == "application/octet-stream", strings.HasPrefix(mt, "image/"):
	default:
		return nil, fmt.Errorf("%w: a data: URL of %s", errNotImage, mt)
	}
	return u.Decode(fetch.DefaultMaxImageBytes)
}

// embeddable returns the image as JPEG, PNG or GIF bytes that both
// renderers take, no larger than box in pixels. An image that fits box
// keeps its bytes when they are JPEG, GIF or a plain PNG; WebP, and
// interlaced or 16-bit PNGs, are re-encoded as PNG. A larger one is
// decoded, scaled down to fit box and re-encoded: a JPEG as JPEG, the
// others as PNG.
func embeddable(data []byte, box image.Point) ([]byte, string, int, int, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", 0, 0, fmt.Errorf("not a JPEG, PNG, GIF or WebP image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxImagePixels {
		return nil, "", 0, 0, fmt.Errorf("%w: %dx%d", errImageTooBig, cfg.Width, cfg.Height)
	}
	if format == "jpeg" && !jpegComplete(data) {
		// Both renderers embed JPEG bytes as they are, so a cut file
		// would show as a grey band, or not at all, in the reader.
		return nil, "", 0, 0, errTruncatedJPEG
	}
	dw, dh := fitIn(cfg.Width, cfg.Height, box)
	if dw == cfg.Width && dh == cfg.Height {
		switch format {
		case "jpeg":
			return data, "image/jpeg", cfg.Width, cfg.Height, nil
		case "gif":
			return data, "image/gif", cfg.Width, cfg.Height, nil
		case "png":
			// IHDR: bit depth at byte 24, interlace method at byte 28.
			if len(data) > 28 && data[24] <= 8 && data[28] == 0 {
				return data, "image/png", cfg.Width, cfg.Height, nil
			}
		}
	}
	out, mt, err := reencode(data, format, dw, dh)
	if err != nil {
		return nil, "", 0, 0, err
	}
	return out, mt, dw, dh, nil
}

// bigDecodes holds decodes of images larger than what they are kept at
// to one at a time, in the whole process: a 40-megapixel picture takes
// 160 MB decoded, for the moment it takes to scale it down.
var bigDecodes = make(chan struct{}, 1)

// reencode decodes data and encodes it at dw x dh pixels: as JPEG
// (quality 90) when it was a JPEG, as PNG otherwise.
func reencode(data []byte, format string, dw, dh int) ([]byte, string, error) {
	m, err := decodeAt(data, dw, dh)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", format, err)
	}
	var buf bytes.Buffer
	if format == "jpeg" {
		if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
			return nil, "", fmt.Errorf("re-encode %s: %w", format, err)
		}
		return buf.Bytes(), "image/jpeg", nil
	}
	switch m.(type) {
	case *image.Gray, *image.NRGBA:
	default:
		// One layout the renderers read fast, whatever the decoder gave.
		rgba := image.NewNRGBA(m.Bounds())
		draw.Draw(rgba, rgba.Bounds(), m, m.Bounds().Min, draw.Src)
		m = rgba
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, m); err != nil {
		return nil, "", fmt.Errorf("re-encode %s: %w", format, err)
	}
	return buf.Bytes(), "image/png", nil
}

// decodeAt decodes data, scaled down to dw x dh pixels when it is larger;
// the full-size picture is dropped as soon as it is scaled.
func decodeAt(data []byte, dw, dh int) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width == dw && cfg.Height == dh {
		m, _, err := image.Decode(bytes.NewReader(data))
		return m, err
	}
	bigDecodes <- struct{}{}
	defer func() { <-bigDecodes }()
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return downscale(m, dw, dh), nil
}

// jpegComplete walks a JPEG's segments and entropy-coded scans to its
// end-of-image marker. Looking for the marker at the end of the file
// would not do: cameras append data after it, and a file cut after its
// embedded thumbnail holds the thumbnail's.
func jpegComplete(b []byte) bool {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return false
	}
	for i := 2; i+1 < len(b); {
		if b[i] != 0xFF {
			return false
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0xD9:
			return true
		case m == 0x01 || m >= 0xD0 && m <= 0xD7: // no length
			i += 2
			continue
		}
		if i+3 >= len(b) {
			return false
		}
		i += 2 + (int(b[i+2])<<8 | int(b[i+3]))
		if m != 0xDA {
			continue
		}
		// Scan data runs to the next marker that is neither a stuffed
		// 0xFF00 nor a restart marker.
		for ; i+1 < len(b); i++ {
			if n := b[i+1]; b[i] == 0xFF && n != 0 && n != 0xFF && (n < 0xD0 || n > 0xD7) {
				break
			}
		}
	}
	return false
}
