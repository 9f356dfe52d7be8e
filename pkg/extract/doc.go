// Package extract turns inputs (HTML pages and fragments, plain-text
// articles, in any charset) into the book.Article model: decoding, sniffing,
// readability, site rules and cleanup.
package extract
