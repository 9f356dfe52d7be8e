package words

import "unicode"

// candidates are the words of the dictionary that start at one place
// (ICU's PossibleWord): their lengths, shortest first, the one looked at
// and the one chosen.
type candidates struct {
	lengths       [maxWords]int
	n, read       int // words, and characters the trie read (see matches)
	at            int // where they start; -1 before the first look
	mark, current int
}

// cursor is a run being broken: the text, the run's end, and the place
// looked at, which candidates moves as ICU's moves its text iterator.
type cursor struct {
	t    *trie
	text []rune
	end  int
	pos  int
}

// find looks up the words starting at the cursor, once for a place, and
// puts the cursor after the longest; it returns how many there are.
func (c *candidates) find(k *cursor) int {
	if k.pos != c.at {
		c.at = k.pos
		c.n, c.read = k.t.matches(k.text[k.pos:k.end], k.end-k.pos, &c.lengths)
	}
	if c.n > 0 {
		k.pos = c.at + c.lengths[c.n-1]
	}
	c.current, c.mark = c.n-1, c.n-1
	return c.n
}

// accept puts the cursor after the chosen word and returns its length.
func (c *candidates) accept(k *cursor) int {
	k.pos = c.at + c.lengths[c.mark]
	return c.lengths[c.mark]
}

// backUp moves to the next shorter word, if there is one.
func (c *candidates) backUp(k *cursor) bool {
	if c.current <= 0 {
		return false
	}
	c.current--
	k.pos = c.at + c.lengths[c.current]
	return true
}

// mark is a combining mark of the engine's script, or a space: a word
// never ends before one.
func (e *engine) mark(r rune) bool { return r == ' ' || e.in(r) && unicode.Is(unicode.M, r) }

// divide appends to out the ends of the words of text[start:end], a run
// of the engine's characters, but the run's own end.
func (e *engine) divide(t *trie, text []rune, start, end int, out []int) []int {
	k := &cursor{t: t, text: text, end: end, pos: start}
	var words [lookahead]candidates
	for i := range words {
		words[i].at = -1
	}
	found := 0
	for k.pos < end {
		at := k.pos
		w := &words[found%lookahead]
		n := 0 // the word's length
		if c := w.find(k); c == 1 {
			n = w.accept(k)
			found++
		} else if c > 1 {
			if k.pos < end {
				e.best(k, &words, found)
			}
			n = w.accept(k)
			found++
		}
		if k.pos < end && n < rootCombine {
			next := &words[found%lookahead]
			if next.find(k) <= 0 && (n == 0 || next.read < prefixCombine) {
				skipped := e.resync(k, &words, found, at+n)
				if n == 0 {
					found++
				}
				n += skipped
			} else {
				k.pos = at + n
			}
		}
		for k.pos < end && e.mark(text[k.pos]) {
			k.pos++
			n++
		}
		if e.thai && k.pos < end && n > 0 {
			n += e.suffix(k, &words[found%lookahead], at+n)
		}
		if n > 0 {
			out = append(out, at+n)
		}
	}
	if len(out) > 0 && out[len(out)-1] >= end {
		out = out[:len(out)-1]
	}
	return out
}

// best marks, among the words at the cursor, the longest that two more
// words follow, or else the longest that one more follows.
func (e *engine) best(k *cursor, words *[lookahead]candidates, found int) {
	w, w1, w2 := &words[found%lookahead], &words[(found+1)%lookahead], &words[(found+2)%lookahead]
	for {
		if w1.find(k) > 0 {
			w.mark = w.current
			if k.pos >= k.end {
				return
			}
			for {
				if w2.find(k) > 0 {
					w.mark = w.current
					return
				}
				if !w1.backUp(k) {
					break
				}
			}
		}
		if !w.backUp(k) {
			return
		}
	}
}

// resync skips the text at from, where no word starts, to the first place
// where one may end and a word of the dictionary starts, or to the run's
// end, and returns how many characters it skipped.
func (e *engine) resync(k *cursor, words *[lookahead]candidates, found, from int) int {
	remaining := k.end - from
	skipped := 0
	for {
		pc := k.text[k.pos]
		k.pos++
		skipped++
		if remaining--; remaining <= 0 {
			return skipped
		}
		if e.endWord(pc) && e.beginWord(k.text[k.pos]) {
			n := words[(found+1)%lookahead].find(k)
			k.pos = from + skipped
			if n > 0 {
				return skipped
			}
		}
	}
}

// suffix takes into the word before the cursor a Thai PAIYANNOI (ฯ,
// an abbreviation) and a MAIYAMOK (ๆ, repetition) that follow it where no
// word of the dictionary does, and returns how many it took.
func (e *engine) suffix(k *cursor, next *candidates, wordEnd int) int {
	at := func(i int) rune {
		if i < len(k.text) {
			return k.text[i]
		}
		return -1
	}
	if next.find(k) > 0 {
		k.pos = wordEnd
		return 0
	}
	uc := at(k.pos)
	if uc != paiyannoi && uc != maiyamok {
		k.pos = wordEnd
		return 0
	}
	took := 0
	if uc == paiyannoi {
		if p := k.text[k.pos-1]; p != paiyannoi && p != maiyamok {
			k.pos++
			took++
			uc = at(k.pos)
		}
	}
	if uc == maiyamok && k.text[k.pos-1] != maiyamok {
		k.pos++
		took++
	}
	return took
}
