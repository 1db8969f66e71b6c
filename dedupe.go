package article

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Dedupe says what Parse does with blocks that repeat an earlier block.
//
// Parse always flags a repeat: the block's DuplicateOf holds the index of
// the block it repeats. Two blocks repeat each other when they have the same
// type and the same text once white space is removed and full-width and
// half-width forms are folded ("ＡＢＣ，" is "ABC,"). Only blocks with at
// least 20 CJK characters or 8 words are compared, so that short repeated
// lines, such as the same photo credit under three photos, are neither
// flagged nor removed. Paragraphs, headings, quotes and lists are compared.
type Dedupe uint8

// The dedupe modes.
const (
	// DedupeNone removes nothing; repeats are only flagged.
	DedupeNone Dedupe = iota
	// DedupeExact removes every repeat after its first occurrence.
	DedupeExact
	// DedupeNear also removes near-duplicates: blocks whose character
	// 3-shingles have a Jaccard similarity of NearDuplicateSimilarity or
	// more with an earlier block, such as a paragraph repeated with one
	// word left out.
	DedupeNear
)

// NearDuplicateSimilarity is the shingle similarity from which DedupeNear
// takes a block for a near-duplicate of an earlier one.
const NearDuplicateSimilarity = 0.9

// Minimum sizes of a block for duplicate detection.
const (
	dupMinCJK   = 20
	dupMinWords = 8
)

// WithDedupe sets what Parse does with repeated blocks. By default
// (DedupeNone) it removes nothing and flags each repeat with DuplicateOf.
// DedupeExact and DedupeNear remove repeats, and add a WarnDuplicate warning
// for each removal that names the removed block and the block it repeats,
// by their indexes in the body as parsed, before any removal. These warnings
// do not fail a WithStrict parse.
func WithDedupe(d Dedupe) Option {
	return func(c *config) {
		if d > DedupeNear {
			c.optionErrs = append(c.optionErrs, &Error{Field: "WithDedupe", Err: wrapOption("unknown dedupe mode %d", d)})
			return
		}
		c.dedupe = d
	}
}

// dupCandidate is a block that is long enough to compare.
type dupCandidate struct {
	index    int
	shingles []uint64 // sorted and unique; computed for DedupeNear only
}

// dedupe flags repeated blocks, and removes them as the mode asks. Each
// long enough block gets a key from the ends of its normalised text, and is
// compared in full only with the earlier blocks of the same key; the
// pairwise near-duplicate comparison runs only for DedupeNear.
func (p *parser) dedupe() {
	blocks := p.a.Blocks
	if len(blocks) < 2 {
		return
	}
	mode := p.cfg.dedupe
	var seen dupIndex       // key → the earlier blocks with it
	var kept []dupCandidate // for DedupeNear
	var remove []bool
	for i := range blocks {
		b := &blocks[i]
		if !isDedupeType(b.Type) || !dupLongEnough(b) {
			continue
		}
		key := dupKey(b)
		first := -1
		for e := seen.last(key); e >= 0; e = seen.prev(e) {
			if j := seen.entry(e).index; sameNormalized(&blocks[j], b) {
				first = j
				break
			}
		}
		if first >= 0 {
			if mode == DedupeNone {
				b.DuplicateOf = new(first)
				continue
			}
			remove = markRemoved(remove, len(blocks), i)
			p.warnCode(WarnDuplicate, fmt.Sprintf("block %d repeats block %d (%s); removed", i, first, snippet(b)))
			continue
		}
		if mode == DedupeNear {
			c := dupCandidate{index: i, shingles: shingles(b)}
			if j, sim, ok := nearest(kept, blocks, c); ok {
				remove = markRemoved(remove, len(blocks), i)
				p.warnCode(WarnDuplicate, fmt.Sprintf("block %d nearly repeats block %d (similarity %.2f; %s); removed", i, j, sim, snippet(b)))
				continue
			}
			kept = append(kept, c)
		}
		seen.add(key, i)
	}
	if remove != nil {
		p.removeBlocks(remove)
	}
}

// dupIndex holds the blocks compared so far by key. Blocks with the same
// key are chained, since a key does not tell blocks apart. The first
// entries sit in an array, searched in order, which costs no allocation for
// most posts; past them, a map finds the last entry of a key.
type dupIndex struct {
	small [16]dupEntry
	more  []dupEntry
	n     int
	head  map[uint64]int // key → its last entry, once the array is full
}

type dupEntry struct {
	key   uint64
	index int // the block's index
	prev  int // the entry before with the same key, or -1
}

func (x *dupIndex) entry(e int) *dupEntry {
	if e < len(x.small) {
		return &x.small[e]
	}
	return &x.more[e-len(x.small)]
}

// last returns the last entry with key, or -1.
func (x *dupIndex) last(key uint64) int {
	if x.head != nil {
		if e, ok := x.head[key]; ok {
			return e
		}
		return -1
	}
	for e := x.n - 1; e >= 0; e-- {
		if x.small[e].key == key {
			return e
		}
	}
	return -1
}

// prev returns the entry before e with the same key, or -1.
func (x *dupIndex) prev(e int) int { return x.entry(e).prev }

func (x *dupIndex) add(key uint64, index int) {
	d := dupEntry{key: key, index: index, prev: x.last(key)}
	if x.n < len(x.small) {
		x.small[x.n] = d
	} else {
		if x.head == nil {
			x.head = make(map[uint64]int, 2*len(x.small))
			for e := range x.small {
				x.head[x.small[e].key] = e
			}
		}
		x.more = append(x.more, d)
	}
	if x.head != nil {
		x.head[key] = x.n
	}
	x.n++
}

func isDedupeType(t BlockType) bool {
	return t == Paragraph || t == Heading || t == Quote || t == List
}

func markRemoved(remove []bool, n, i int) []bool {
	if remove == nil {
		remove = make([]bool, n)
	}
	remove[i] = true
	return remove
}

// removeBlocks drops the marked blocks, and moves the <!-- more --> marker
// with the blocks before it.
func (p *parser) removeBlocks(remove []bool) {
	out := p.a.Blocks[:0]
	more := p.more
	for i, b := range p.a.Blocks {
		if remove[i] {
			if i < p.more {
				more--
			}
			continue
		}
		out = append(out, b)
	}
	clear(p.a.Blocks[len(out):])
	p.a.Blocks = out
	p.more = more
}

// snippet returns the start of a block's text for a warning.
func snippet(b *Block) string {
	s := b.Text
	if b.Type == List && len(b.Items) > 0 {
		s = b.Items[0].Text
	}
	const max = 24
	n := 0
	for i := range s {
		if n == max {
			return strconvQuote(s[:i] + "…")
		}
		n++
	}
	return strconvQuote(s)
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// dupLongEnough reports whether a block has dupMinCJK CJK characters or
// dupMinWords words. Each list item ends a word.
func dupLongEnough(b *Block) bool {
	var c wordCounter
	if b.Type != List {
		return c.add(b.Text, dupMinCJK, dupMinWords)
	}
	for i := range b.Items {
		if c.add(b.Items[i].Text, dupMinCJK, dupMinWords) {
			return true
		}
	}
	return false
}

// dupKey makes a key from a block's type and its key characters: its ASCII
// letters and digits (with their full-width forms folded to ASCII), Han
// characters and Hangul syllables. Everything else is skipped: white space,
// punctuation, symbols, kana. Normalising a text (see Dedupe) removes or
// keeps these characters but never makes or unmakes one, so blocks that
// repeat each other have the same key; blocks with the same key are then
// compared in full. The key hashes the first and the last dupKeyChars key
// characters, read from the bytes at each end: its cost does not grow with
// the block, and it allocates nothing.
func dupKey(b *Block) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(b.Type); i++ {
		h = (h ^ uint64(b.Type[i])) * fnvPrime
	}
	n := 0 // key characters hashed
	if b.Type != List {
		h, n = keyFront(h, n, b.Text)
	} else {
		for i := range b.Items {
			if h, n = keyFront(h, n, b.Items[i].Text); n >= dupKeyChars {
				break
			}
			h, n = (h^0x1f)*fnvPrime, n+1 // items "ab","c" differ from "a","bc"
		}
	}
	h = (h ^ 0xFF) * fnvPrime // ends the front; not a key character
	n = 0
	if b.Type != List {
		h, _ = keyBack(h, n, b.Text)
	} else {
		for i := len(b.Items) - 1; i >= 0 && n < dupKeyChars; i-- {
			h, n = (h^0x1f)*fnvPrime, n+1
			h, n = keyBack(h, n, b.Items[i].Text)
		}
	}
	return h
}

// dupKeyChars is how many key characters dupKey hashes at each end.
const dupKeyChars = 16

// keyFront hashes the key characters of s from its start into h, until n,
// the count so far, reaches dupKeyChars. An ASCII character is hashed as
// itself, a CJK character as its three bytes in one value.
func keyFront(h uint64, n int, s string) (uint64, int) {
	for i := 0; i < len(s) && n < dupKeyChars; {
		c := s[i]
		class := keyByte[c]
		switch class {
		case keyCJK:
			if i+2 < len(s) {
				h = (h ^ (uint64(c)<<16 | uint64(s[i+1])<<8 | uint64(s[i+2]))) * fnvPrime
				n++
			}
		case keyASCII:
			h = (h ^ uint64(c)) * fnvPrime
			n++
		case keyFF: // EF: U+F000–U+FFFF, the full-width forms among them
			if i+2 < len(s) {
				if a, ok := foldFullWidthAlnum(s[i+1], s[i+2]); ok {
					h = (h ^ uint64(a)) * fnvPrime
					n++
				}
			}
		}
		i += int(keyLen[class&7])
	}
	return h, n
}

// keyBack is keyFront from the end of s: it hashes the last key characters,
// last first.
func keyBack(h uint64, n int, s string) (uint64, int) {
	for j := len(s); j > 0 && n < dupKeyChars; {
		c := s[j-1]
		if c < utf8.RuneSelf {
			if keyByte[c] == keyASCII {
				h = (h ^ uint64(c)) * fnvPrime
				n++
			}
			j--
			continue
		}
		// Back to the lead byte of the sequence that ends at j: most often
		// three bytes back.
		i := j - 3
		if i < 0 || s[i]&0xF0 != 0xE0 || s[i+1]&0xC0 != 0x80 || c&0xC0 != 0x80 {
			i = j - 1
			for i > 0 && j-i < utf8.UTFMax && s[i]&0xC0 == 0x80 {
				i--
			}
		}
		lead := s[i]
		if lead < 0xC0 {
			j-- // not a sequence: a stray continuation byte
			continue
		}
		switch keyByte[lead] {
		case keyCJK:
			if j-i == 3 {
				h = (h ^ (uint64(lead)<<16 | uint64(s[i+1])<<8 | uint64(s[i+2]))) * fnvPrime
				n++
			}
		case keyFF:
			if j-i == 3 {
				if a, ok := foldFullWidthAlnum(s[i+1], s[i+2]); ok {
					h = (h ^ uint64(a)) * fnvPrime
					n++
				}
			}
		}
		j = i
	}
	return h, n
}

// The classes of bytes for keyText.
const (
	keySkip  = iota // ASCII other than letters and digits, continuation bytes
	keyASCII        // an ASCII letter or digit
	keyCJK          // the lead byte of U+4000–U+9FFF or U+A000–U+DFFF (Han, Hangul syllables)
	keyFF           // the lead byte of U+F000–U+FFFF
	key2            // the lead byte of another two-, three- or four-byte sequence
	key3
	key4
)

// keyLen is how many bytes keyText steps over for each class.
var keyLen = [8]uint8{keySkip: 1, keyASCII: 1, keyCJK: 3, keyFF: 3, key2: 2, key3: 3, key4: 4}

var keyByte = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = keyASCII
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = keyASCII, keyASCII
	}
	for c := 0xC0; c < 0xE0; c++ {
		t[c] = key2
	}
	for c := 0xE0; c < 0xF0; c++ {
		t[c] = key3
	}
	for c := 0xF0; c <= 0xFF; c++ {
		t[c] = key4
	}
	// U+4000–U+9FFF holds CJK Unified Ideographs and Extension A's end,
	// U+AC00–U+D7A3 the Hangul syllables; no width form folds to either.
	for c := 0xE4; c <= 0xE9; c++ {
		t[c] = keyCJK
	}
	for c := 0xEA; c <= 0xED; c++ {
		t[c] = keyCJK
	}
	t[0xEF] = keyFF
	return t
}()

// foldFullWidthAlnum maps the last two bytes of EF xx yy, when it is a
// full-width ASCII letter or digit (U+FF10–U+FF19, U+FF21–U+FF3A,
// U+FF41–U+FF5A), to that ASCII character.
func foldFullWidthAlnum(b1, b2 byte) (byte, bool) {
	if b1 != 0xBC && b1 != 0xBD || b2 < 0x80 || b2 > 0xBF {
		return 0, false
	}
	r := 0xF000 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
	a := r - 0xFEE0
	if '0' <= a && a <= '9' || 'A' <= a && a <= 'Z' || 'a' <= a && a <= 'z' {
		return byte(a), true
	}
	return 0, false
}

// foldWidth maps full-width ASCII to ASCII and half-width katakana and
// Hangul to their usual width. Only the Halfwidth and Fullwidth Forms block
// needs it.
func foldWidth(r rune) rune {
	if r < 0xFF00 || r > 0xFFEF {
		return r
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		return f
	}
	return r
}

// normalized returns the runes a block's text is compared by: no white
// space, widths folded.
func normalized(b *Block) []rune {
	var out []rune
	it := normIter{b: b, item: -1}
	for {
		r, ok := it.next()
		if !ok {
			return out
		}
		out = append(out, r)
	}
}

// sameNormalized compares two blocks' normalised texts without building
// them. Most repeats are byte for byte the same, which is checked first.
func sameNormalized(a, b *Block) bool {
	if a.Type != b.Type {
		return false
	}
	if sameText(a, b) {
		return true
	}
	x, y := normIter{b: a, item: -1}, normIter{b: b, item: -1}
	for {
		r1, ok1 := x.next()
		r2, ok2 := y.next()
		if r1 != r2 || ok1 != ok2 {
			return false
		}
		if !ok1 {
			return true
		}
	}
}

// sameText reports whether two blocks hold the same text, byte for byte.
func sameText(a, b *Block) bool {
	if a.Type != List || b.Type != List {
		return a.Type != List && b.Type != List && a.Text == b.Text
	}
	if len(a.Items) != len(b.Items) {
		return false
	}
	for i := range a.Items {
		if a.Items[i].Text != b.Items[i].Text {
			return false
		}
	}
	return true
}

// normIter yields the runes of a block's normalised text: white space
// removed, widths folded, and for a list each item followed by U+001F, so
// that items "ab","c" differ from "a","bc". With back it yields them from
// the end.
type normIter struct {
	b    *Block
	item int    // the piece being read, or -1 before the first
	s    string // what is left of the current piece
	sep  bool   // the item separator is due
	back bool
}

func (it *normIter) next() (rune, bool) {
	for {
		for it.s != "" {
			var r rune
			var n int
			if it.back {
				r, n = utf8.DecodeLastRuneInString(it.s)
				it.s = it.s[:len(it.s)-n]
			} else {
				r, n = utf8.DecodeRuneInString(it.s)
				it.s = it.s[n:]
			}
			if runeClass(r) != rcSpace {
				return foldWidth(r), true
			}
		}
		if it.sep && !it.back {
			it.sep = false
			return '\x1f', true
		}
		if it.b.Type != List {
			if it.item >= 0 {
				return 0, false
			}
			it.item, it.s = 0, it.b.Text
			continue
		}
		it.item++
		if it.item >= len(it.b.Items) {
			return 0, false
		}
		k := it.item
		if it.back {
			k = len(it.b.Items) - 1 - it.item
			it.s = it.b.Items[k].Text
			return '\x1f', true // the separator after the item comes first
		}
		it.s, it.sep = it.b.Items[k].Text, true
	}
}

// shingles returns the sorted, unique hashes of the 3-rune shingles of the
// block's normalised text.
func shingles(b *Block) []uint64 {
	rs := normalized(b)
	const k = 3
	if len(rs) < k {
		return nil
	}
	out := make([]uint64, 0, len(rs)-k+1)
	for i := 0; i+k <= len(rs); i++ {
		h := uint64(fnvOffset)
		for _, r := range rs[i : i+k] {
			h = (h ^ uint64(r)) * fnvPrime
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nearest returns the earlier kept block most similar to c, when the
// similarity reaches NearDuplicateSimilarity.
func nearest(kept []dupCandidate, blocks []Block, c dupCandidate) (int, float64, bool) {
	best, bestSim := -1, 0.0
	for _, k := range kept {
		if blocks[k.index].Type != blocks[c.index].Type {
			continue
		}
		// The Jaccard similarity is at most the ratio of the set sizes.
		small, large := len(k.shingles), len(c.shingles)
		if small > large {
			small, large = large, small
		}
		if large == 0 || float64(small) < NearDuplicateSimilarity*float64(large) {
			continue
		}
		if sim := jaccard(k.shingles, c.shingles); sim >= NearDuplicateSimilarity && sim > bestSim {
			best, bestSim = k.index, sim
		}
	}
	return best, bestSim, best >= 0
}

// jaccard returns |a∩b| / |a∪b| for two sorted sets.
func jaccard(a, b []uint64) float64 {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
