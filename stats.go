package article

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Reading speeds for ReadingMinutes.
const (
	// CJKRunesPerMinute is the reading speed for Chinese, Japanese and
	// Korean text, in characters a minute.
	CJKRunesPerMinute = 500
	// WordsPerMinute is the reading speed for other text, in words a minute.
	WordsPerMinute = 230
)

// WordCount counts the words of the article's text: each Han, Hiragana,
// Katakana or Hangul character counts as one word (with the Japanese
// prolonged sound mark ー), and other text counts its white-space-separated
// words that hold a letter or a digit, so that a lone dash or emoji is not a
// word. Mixed text counts both: "Go 语言" is 1 + 2 = 3. The text is that of
// every block, as Text gives it: paragraphs, headings, list items, quotes,
// code, table cells, captions and embed titles.
func (a *Article) WordCount() int {
	cjk, words := a.counts()
	return cjk + words
}

// ReadingMinutes estimates the reading time in whole minutes, rounded up:
// the CJK characters at CJKRunesPerMinute plus the other words at
// WordsPerMinute. It is at least 1 for an article with any words. An empty
// article (WordCount 0: no text, or only images and rules) has nothing to
// read, and gives 0.
func (a *Article) ReadingMinutes() int {
	return readingMinutes(a.counts())
}

func readingMinutes(cjk, words int) int {
	if cjk+words == 0 {
		return 0
	}
	// Minutes = cjk/500 + words/230, rounded up, in integers.
	num := cjk*WordsPerMinute + words*CJKRunesPerMinute
	den := CJKRunesPerMinute * WordsPerMinute
	m := (num + den - 1) / den
	if m < 1 {
		m = 1
	}
	return m
}

func (a *Article) counts() (cjk, words int) {
	for i := range a.Blocks {
		b := &a.Blocks[i]
		switch b.Type {
		case List:
			for _, it := range b.Items {
				c, w := countText(it.Text)
				cjk, words = cjk+c, words+w
			}
		case Table:
			for _, row := range b.Rows {
				for _, cell := range row {
					c, w := countText(cell)
					cjk, words = cjk+c, words+w
				}
			}
		case Rule:
		default:
			c, w := countText(b.Text)
			cjk, words = cjk+c, words+w
		}
	}
	return cjk, words
}

// countText counts CJK characters and other words in s.
func countText(s string) (cjk, words int) {
	var c wordCounter
	c.add(s, 0, 0)
	return c.cjk, c.words
}

// wordCounter counts CJK characters and words as WordCount defines them: a
// CJK character counts one and ends a word; white space ends a word; a word
// counts when it holds a letter or a digit.
type wordCounter struct {
	cjk, words    int
	inWord, alnum bool
}

// add counts s, which ends a word. With limits (maxCJK, maxWords > 0) it
// stops as soon as either count reaches its limit, and reports whether one
// did. It reads bytes, and classifies ASCII and the Basic Multilingual
// Plane by table; a three-byte sequence is decoded inline, without
// validation (Parse's text is valid UTF-8; in other text an invalid
// sequence may count as some other character, never out of bounds).
func (c *wordCounter) add(s string, maxCJK, maxWords int) bool {
	for i := 0; i < len(s); {
		b := s[i]
		var class uint8
		switch {
		case b < utf8.RuneSelf:
			class = asciiClass[b]
			i++
		case b-0xE5 < 5 && i+2 < len(s):
			// U+5000–U+9FFF: CJK Unified Ideographs, without decoding.
			class = rcCJK
			i += 3
		case b&0xF0 == 0xE0 && i+2 < len(s):
			r := rune(b&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			class = bmpClass[r>>2] >> (2 * (r & 3)) & 3
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			class = runeClass(r)
			i += n
		}
		switch class {
		case rcOther:
			c.inWord = true
		case rcAlnum:
			c.inWord, c.alnum = true, true
		case rcCJK:
			c.cjk++
			if c.endWord(maxWords) || c.cjk == maxCJK {
				return true
			}
		default: // rcSpace
			if c.endWord(maxWords) {
				return true
			}
		}
	}
	return c.endWord(maxWords)
}

// endWord ends the current word, and reports whether the word count reached
// max (when max > 0).
func (c *wordCounter) endWord(max int) bool {
	if c.inWord && c.alnum {
		c.words++
		c.inWord, c.alnum = false, false
		return c.words == max
	}
	c.inWord, c.alnum = false, false
	return false
}

// The classes of runes for counting.
const (
	rcOther = iota // punctuation and symbols: part of a word, not alphanumeric
	rcSpace        // white space (unicode.IsSpace)
	rcAlnum        // a letter or a digit (unicode.IsLetter, unicode.IsDigit)
	rcCJK          // Han, Hiragana, Katakana, Hangul, and the prolonged sound mark
)

// runeClass returns the class of r.
func runeClass(r rune) uint8 {
	if r <= 0xFFFF {
		return bmpClass[r>>2] >> (2 * (r & 3)) & 3
	}
	switch {
	case isCJKSlow(r):
		return rcCJK
	case unicode.IsSpace(r):
		return rcSpace
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return rcAlnum
	}
	return rcOther
}

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		t[c] = runeClass(rune(c))
	}
	return t
}()

// bmpClass holds runeClass for the Basic Multilingual Plane, two bits a
// rune, built from the unicode tables: the per-rune table searches were the
// word count's and the duplicate check's main cost.
var bmpClass = func() (t [0x10000 / 4]uint8) {
	set := func(tab *unicode.RangeTable, class uint8) {
		for _, rg := range tab.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				t[r>>2] = t[r>>2]&^(3<<(2*(r&3))) | class<<(2*(r&3))
			}
		}
	}
	// Later tables win, in the order countText has always tested them:
	// CJK, then white space, then letters and digits.
	set(unicode.Letter, rcAlnum)
	set(unicode.Digit, rcAlnum)
	set(unicode.White_Space, rcSpace)
	for _, tab := range []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul} {
		set(tab, rcCJK)
	}
	set(&unicode.RangeTable{R16: []unicode.Range16{{Lo: 'ー', Hi: 'ー', Stride: 1}, {Lo: 'ｰ', Hi: 'ｰ', Stride: 1}}}, rcCJK)
	return t
}()

// isCJKRune reports whether r is a Han, Hiragana, Katakana or Hangul
// character, or the prolonged sound mark.
func isCJKRune(r rune) bool { return runeClass(r) == rcCJK }

func isCJKSlow(r rune) bool {
	if r == 'ー' || r == 'ｰ' {
		// The prolonged sound mark is in the Common script, and a letter;
		// it belongs to the katakana around it.
		return true
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// ExcerptRunes is the length, in characters, near which an automatic
// excerpt is cut.
const ExcerptRunes = 140

// The window around ExcerptRunes in which a sentence may end an automatic
// excerpt.
const (
	excerptMin = ExcerptRunes / 2
	excerptMax = ExcerptRunes + ExcerptRunes/2
)

// isMoreMarker reports whether a comment is the excerpt marker of Hexo and
// Hugo, <!-- more --> (WordPress writes it too, and renders it as an empty
// <span id="more-123">, which counts as well).
func isMoreMarker(data string) bool {
	return strings.EqualFold(strings.TrimSpace(data), "more")
}

// isMoreSpan reports whether n is the empty <span id="more-123"> that
// WordPress renders for its more marker.
func isMoreSpan(n *html.Node) bool {
	return n.FirstChild == nil && len(n.Attr) > 0 && strings.HasPrefix(getAttr(n, "id"), "more-")
}

// moreMarker records where the <!-- more --> marker is: it ends the
// paragraph it is in, and the blocks before it are the excerpt.
func (w *walker) moreMarker() {
	if w.ctx == ctxFlow {
		w.boundary()
	}
	w.more = len(w.blocks)
}

// setExcerpt fills the excerpt when the front matter gave none: the text of
// the blocks before a <!-- more --> marker, or else the first paragraphs
// cut at a sentence end near ExcerptRunes characters.
func (p *parser) setExcerpt() {
	a := p.a
	if a.Excerpt != "" {
		return
	}
	if p.more > 0 {
		var b strings.Builder
		for i := range a.Blocks[:min(p.more, len(a.Blocks))] {
			blk := &a.Blocks[i]
			if !hasText(blk) {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			writeBlockText(&b, blk)
		}
		if b.Len() > 0 {
			a.Excerpt = b.String()
			return
		}
	}
	a.Excerpt = autoExcerpt(a.Blocks)
}

// autoExcerpt returns the first paragraphs, cut at the sentence end nearest
// to ExcerptRunes characters, between half and one and a half times that.
// With no sentence end there, it cuts at the last word boundary before
// ExcerptRunes and adds "…"; it never cuts inside a word.
func autoExcerpt(blocks []Block) string {
	// Most often the first paragraph is long enough on its own.
	for i := range blocks {
		if blocks[i].Type == Paragraph {
			if runeCountUpTo(blocks[i].Text, excerptMax) >= excerptMax {
				return cutExcerpt(blocks[i].Text)
			}
			break
		}
	}
	// The paragraphs that reach excerptMax runes, joined by blank lines,
	// in one allocation.
	size, n, last := 0, 0, -1
	for i := range blocks {
		if blocks[i].Type != Paragraph {
			continue
		}
		size += len(blocks[i].Text) + 2
		last = i
		if n += runeCountUpTo(blocks[i].Text, excerptMax); n >= excerptMax {
			break
		}
	}
	if last < 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(size)
	for i := range blocks[:last+1] {
		if blocks[i].Type != Paragraph {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(blocks[i].Text)
	}
	return cutExcerpt(b.String())
}

// cutExcerpt cuts s as autoExcerpt describes. The end of s is a sentence
// end: s ends with a whole paragraph.
//
// It decodes only the runes where a sentence may end, from excerptMin to
// excerptMax, and stops once no later sentence end can be nearer to
// ExcerptRunes; the word boundary it falls back on is searched backwards
// from ExcerptRunes.
func cutExcerpt(s string) string {
	i, runes := 0, 0
	for i < len(s) && runes < excerptMin-1 {
		i += runeLen(s, i)
		runes++
	}
	best, bestDist := -1, 0
	at := -1 // the byte offset after ExcerptRunes runes
	for i < len(s) && runes < excerptMax {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		runes++
		if runes == ExcerptRunes {
			at = i
		}
		if best >= 0 && runes-ExcerptRunes >= bestDist {
			break // no later sentence end is nearer
		}
		if mayEndSentence(r) {
			if cut, ok := sentenceEnd(s, i, r); ok {
				if d := abs(runes - ExcerptRunes); best < 0 || d < bestDist {
					best, bestDist = cut, d
				}
			}
		}
	}
	if at < 0 || at == len(s) {
		return s // no longer than ExcerptRunes
	}
	if i == len(s) && runes <= excerptMax {
		// The end of the text, within excerptMax, is a sentence end too.
		if d := runes - ExcerptRunes; best < 0 || d < bestDist {
			return s
		}
	}
	if best >= 0 {
		return strings.TrimSpace(s[:best])
	}
	if cut := wordCutBefore(s, at); cut >= 0 {
		return strings.TrimRightFunc(s[:cut], isExcerptTrim) + "…"
	}
	// A single word longer than the excerpt: keep it whole.
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i] + "…"
	}
	return s
}

// runeLen returns the length of the rune at s[i], as range over s reads it.
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// wordCutBefore returns the last byte offset, at most at and after the
// first rune, where text may be cut between two words (see breaksWord), or
// -1.
func wordCutBefore(s string, at int) int {
	_, first := utf8.DecodeRuneInString(s)
	for j := at; j >= first; {
		before, n := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if breaksWord(before) || breaksWord(after) {
			return j
		}
		j -= n
	}
	return -1
}

// runeCountUpTo counts the runes of s, stopping at max. It counts the
// bytes that start a rune, without decoding, eight at a time while max is
// far.
func runeCountUpTo(s string, max int) int {
	n, i := 0, 0
	for ; i+8 <= len(s) && n+8 <= max; i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A continuation byte is 10xxxxxx: its top bit set, the next one clear.
		n += 8 - bits.OnesCount64(x&^(x<<1)&0x8080808080808080)
	}
	for ; i < len(s) && n < max; i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sentenceEnd reports whether the rune r that ends at s[:end] ends a
// sentence, and where to cut: after r and any closing quotes or brackets.
// A full stop, ! or ? that is ASCII must be followed by white space or the
// end, so that "3.14" and "example.com" are not cut.
func sentenceEnd(s string, end int, r rune) (int, bool) {
	switch r {
	case '。', '！', '？':
	case '.', '!', '?':
	case '\n':
		// A paragraph break.
		if strings.HasPrefix(s[end:], "\n") {
			return end - 1, true
		}
		return 0, false
	default:
		return 0, false
	}
	cut := end
	for cut < len(s) {
		c, n := utf8.DecodeRuneInString(s[cut:])
		if !isCloser(c) {
			break
		}
		cut += n
	}
	if r < utf8.RuneSelf && cut < len(s) {
		c, _ := utf8.DecodeRuneInString(s[cut:])
		if !unicode.IsSpace(c) {
			return 0, false
		}
	}
	return cut, true
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '”', '’', '」', '』', '）', '】', '》', '〉', '］':
		return true
	}
	return false
}

// breaksWord reports whether text may be cut on either side of r: r is
// white space, or a CJK character or CJK punctuation (East Asian wide).
func breaksWord(r rune) bool {
	if r < utf8.RuneSelf {
		return isSpaceByte(byte(r)) || r == '\v'
	}
	return runeClass(r) == rcSpace || isWide(r)
}

// mayEndSentence reports whether sentenceEnd can take r for a sentence end.
func mayEndSentence(r rune) bool {
	switch r {
	case '。', '！', '？', '.', '!', '?', '\n':
		return true
	}
	return false
}

// isExcerptTrim reports whether r is trimmed from the end of a cut excerpt
// before "…": white space and the punctuation that would dangle.
func isExcerptTrim(r rune) bool {
	return unicode.IsSpace(r) || r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ':' || r == '：'
}
