// Package madvise tells the kernel how the program reads the large data
// embedded in it (fonts, dictionaries), so that reading a little of it
// keeps only that little in memory.
package madvise

// Random advises the kernel that b, data of the program's own image, is
// read at scattered places: a glyph here, a dictionary line there. Without
// the advice each page fault maps the 15 pages around the one read
// (fault-around) and reads ahead of it, so that converting a news article,
// which reads about a thousand glyphs of a 15.7 MB font, kept 7.5 MB of
// that font resident; with it, 4.3 MB.
//
// Only the whole pages inside b are advised, so the data beside it keeps
// its own advice. Random is a hint: where the system has no such advice,
// or refuses it, nothing changes but the memory held.
func Random(b []byte) {
	random(b)
}
