package extract

import (
	"io/fs"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bookify/article2book/pkg/book"
)

// localFiles maps the addresses under which the stages meet a saved
// page's own pictures (as the page gives them, and as readability and the
// converter resolve them against the base) to the pictures' paths in the
// page's folder.
type localFiles map[string]string

// localImages finds the pictures of doc given by a relative address that
// names a regular file in files, the folder of a page read from a file;
// nil when files is nil. It reads doc before readability, which resolves
// every address against base.
func localImages(doc *html.Node, base *url.URL, files fs.FS) localFiles {
	if files == nil {
		return nil
	}
	m := localFiles{}
	walkElements(doc, func(e *html.Node) {
		if e.DataAtom == atom.Img {
			m.add(attr(e, "src"), base, files) // fixImages set the real source
		}
	})
	return m
}

// add records src when it is a relative address (not rooted at the site,
// which a page saved whole does not use for its folder) of a file in
// files.
func (m localFiles) add(src string, base *url.URL, files fs.FS) {
	u, err := url.Parse(src)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return
	}
	p := path.Clean(u.Path)
	if !fs.ValidPath(p) {
		return // ../ outside the page's folder
	}
	if fi, err := fs.Stat(files, p); err != nil || !fi.Mode().IsRegular() {
		return
	}
	m[src], m[u.String()] = p, p
	if base != nil {
		m[base.ResolveReference(u).String()] = p
	}
}

// apply gives the pictures of blocks found in the page's folder their
// paths there.
func (m localFiles) apply(blocks []book.Block) {
	if len(m) == 0 {
		return
	}
	book.Walk(blocks, func(b book.Block) {
		if img, ok := b.(*book.Image); ok {
			if p, ok := m[img.Src]; ok {
				img.Src = p
			}
		}
	})
}
