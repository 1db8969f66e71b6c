package article

import (
	"fmt"
	"slices"
	"unicode"
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
	hash     uint64
	shingles []uint64 // sorted and unique; computed for DedupeNear only
}

// dedupe flags repeated blocks, and removes them as the mode asks. It
// hashes the normalised text of each long enough block once; the pairwise
// near-duplicate comparison runs only for DedupeNear.
func (p *parser) dedupe() {
	blocks := p.a.Blocks
	if len(blocks) < 2 {
		return
	}
	mode := p.cfg.dedupe
	var seen dupIndex       // hash → index of the first block with it
	var kept []dupCandidate // for DedupeNear
	var remove []bool
	for i := range blocks {
		b := &blocks[i]
		if !isDedupeType(b.Type) {
			continue
		}
		h, ok := dupHash(b)
		if !ok {
			continue
		}
		h ^= uint64(b.Type[0]) // blocks of different types never match
		first, dup := seen.get(h)
		if dup && (blocks[first].Type != b.Type || !sameNormalized(&blocks[first], b)) {
			dup = false // a hash collision
		}
		if dup {
			if mode == DedupeNone {
				b.DuplicateOf = new(first)
				continue
			}
			remove = markRemoved(remove, len(blocks), i)
			p.warnCode(WarnDuplicate, fmt.Sprintf("block %d repeats block %d (%s); removed", i, first, snippet(b)))
			continue
		}
		if mode == DedupeNear {
			c := dupCandidate{index: i, hash: h, shingles: shingles(b)}
			if j, sim, ok := nearest(kept, blocks, c); ok {
				remove = markRemoved(remove, len(blocks), i)
				p.warnCode(WarnDuplicate, fmt.Sprintf("block %d nearly repeats block %d (similarity %.2f; %s); removed", i, j, sim, snippet(b)))
				continue
			}
			kept = append(kept, c)
		}
		seen.add(h, i)
	}
	if remove != nil {
		p.removeBlocks(remove)
	}
}

// dupIndex maps hashes to block indexes: a slice searched in order while it
// is short, which costs no allocation for most posts, then a map.
type dupIndex struct {
	small [16]dupEntry
	n     int
	m     map[uint64]int
}

type dupEntry struct {
	hash  uint64
	index int
}

func (x *dupIndex) get(h uint64) (int, bool) {
	if x.m != nil {
		i, ok := x.m[h]
		return i, ok
	}
	for _, e := range x.small[:x.n] {
		if e.hash == h {
			return e.index, true
		}
	}
	return 0, false
}

func (x *dupIndex) add(h uint64, i int) {
	if x.m == nil && x.n < len(x.small) {
		x.small[x.n] = dupEntry{h, i}
		x.n++
		return
	}
	if x.m == nil {
		x.m = make(map[uint64]int, 2*len(x.small))
		for _, e := range x.small[:x.n] {
			x.m[e.hash] = e.index
		}
	}
	x.m[h] = i
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

// dupText calls f with each piece of a block's text, in order.
func dupText(b *Block, f func(string)) {
	if b.Type == List {
		for i := range b.Items {
			f(b.Items[i].Text)
			f("\x1f") // items "ab","c" differ from "a","bc"
		}
		return
	}
	f(b.Text)
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// dupHash hashes the block's normalised text, and reports whether the block
// is long enough to compare. A block that is not gets no hash: counting
// stops as soon as the block is known to be long, and only then is it
// hashed. It allocates nothing.
func dupHash(b *Block) (uint64, bool) {
	if !dupLongEnough(b) {
		return 0, false
	}
	d := dupHasher{h: fnvOffset}
	if b.Type == List {
		for i := range b.Items {
			d.write(b.Items[i].Text)
			d.write("\x1f")
		}
	} else {
		d.write(b.Text)
	}
	return d.h, true
}

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

// dupHasher hashes normalised text (white space removed, widths folded)
// with FNV-1a over its UTF-8, from the bytes: only ASCII white space and the
// lead bytes that can start white space or a full-width form (dupSpecial)
// need a closer look.
type dupHasher struct {
	h uint64
}

func (d *dupHasher) write(s string) {
	h := d.h
	for i := 0; i < len(s); {
		c := s[i]
		switch dupByteClass[c] {
		case dupPlain:
			h = (h ^ uint64(c)) * fnvPrime
			i++
		case dupSpace:
			i++
		default:
			d.h = h
			n, ok := d.hashRuneBytes(s, i)
			if !ok {
				n = d.writeRune(s, i)
			}
			h = d.h
			i += n
		}
	}
	d.h = h
}

// The byte classes of dupHasher's byte-level pass.
const (
	dupPlain   = iota // hashed as it is: ASCII, continuation and other lead bytes
	dupSpace          // ASCII white space, skipped
	dupSpecial        // a lead byte that may start white space or a full-width form
)

var dupByteClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\n', '\t', '\r', '\f', '\v'} {
		t[c] = dupSpace
	}
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3, 0xEF} {
		t[c] = dupSpecial
	}
	return t
}()

// writeRune decodes and hashes the rune at s[i:], and returns its length.
func (d *dupHasher) writeRune(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return n
	}
	if r >= 0xFF00 {
		r = foldWidth(r)
	}
	if r < utf8.RuneSelf {
		d.h = (d.h ^ uint64(r)) * fnvPrime
		return n
	}
	var buf [utf8.UTFMax]byte
	m := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:m] {
		d.h = (d.h ^ uint64(b)) * fnvPrime
	}
	return n
}

// hashRuneBytes hashes the rune at s[i:] from its bytes, skipping white
// space and folding full-width ASCII, and returns its length. It reports
// false for the runes it leaves to the decoding path (half-width forms).
func (d *dupHasher) hashRuneBytes(s string, i int) (int, bool) {
	c := s[i]
	n := utf8SeqLen(c)
	if i+n > len(s) {
		return 0, false
	}
	seq := s[i : i+n]
	switch c {
	case 0xC2: // U+0085 NEL, U+00A0 NBSP
		if seq[1] == 0x85 || seq[1] == 0xA0 {
			return n, true
		}
	case 0xE1: // U+1680
		if seq[1] == 0x9A && seq[2] == 0x80 {
			return n, true
		}
	case 0xE2: // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
		if seq[1] == 0x80 && (seq[2] <= 0x8A || seq[2] == 0xA8 || seq[2] == 0xA9 || seq[2] == 0xAF) ||
			seq[1] == 0x81 && seq[2] == 0x9F {
			return n, true
		}
	case 0xE3: // U+3000
		if seq[1] == 0x80 && seq[2] == 0x80 {
			return n, true
		}
	case 0xEF: // U+FF01–U+FF5E fold to ASCII; the rest of FF00– decodes
		if seq[1] >= 0xBC {
			r := rune(c&0x0F)<<12 | rune(seq[1]&0x3F)<<6 | rune(seq[2]&0x3F)
			if r < 0xFF01 || r > 0xFF5E {
				return 0, false
			}
			d.h = (d.h ^ uint64(r-0xFEE0)) * fnvPrime
			return n, true
		}
	}
	for j := 0; j < n; j++ {
		d.h = (d.h ^ uint64(seq[j])) * fnvPrime
	}
	return n, true
}

// utf8SeqLen returns the length of the UTF-8 sequence that lead byte c
// starts.
func utf8SeqLen(c byte) int {
	switch {
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
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
	dupText(b, func(s string) {
		for _, r := range s {
			if !unicode.IsSpace(r) {
				out = append(out, foldWidth(r))
			}
		}
	})
	return out
}

// sameNormalized compares two blocks' normalised texts without building
// them.
func sameNormalized(a, b *Block) bool {
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

// normIter yields the runes of a block's normalised text.
type normIter struct {
	b    *Block
	item int    // the list item being read, or -1 before the first
	s    string // what is left of the current piece
	sep  bool   // the item separator is due
}

func (it *normIter) next() (rune, bool) {
	for {
		for it.s != "" {
			r, n := utf8.DecodeRuneInString(it.s)
			it.s = it.s[n:]
			if !unicode.IsSpace(r) {
				return foldWidth(r), true
			}
		}
		if it.sep {
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
		it.s, it.sep = it.b.Items[it.item].Text, true
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
