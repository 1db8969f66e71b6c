package article

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The walk turns the parsed body into blocks in one pass over the tree.
//
// Inline content accumulates in a run: its text, and its inline HTML
// rendered from the allowed phrasing elements. A block boundary ends the run,
// and what the run becomes depends on the context: a paragraph in the main
// flow, an item in a list, a paragraph of a quote, a heading's text, or a
// table cell. Images, code, tables, embeds and rules are hard blocks: inside
// a paragraph they split it, inside a list or quote they split the list or
// quote (which then continues), and inside a data table they follow it.
//
// A run's text and HTML are written to two buffers that are reused from run
// to run and from parse to parse; a block gets exact copies of them, and
// the same string for both when its HTML is its text.

type context uint8

const (
	ctxFlow context = iota
	ctxHeading
	ctxList
	ctxQuote
	ctxTable
)

// inlineFrame is an open phrasing element. Its start tag is written lazily,
// when content arrives, so that empty elements leave nothing behind and a
// run that is split reopens the elements it was inside.
type inlineFrame struct {
	tag    atom.Atom // the rendered tag, or 0 when only the content is kept
	href   string    // for <a>: the cleaned URL, or ""
	title  string
	opened bool
}

type walker struct {
	p *parser

	blocks []Block

	// The current run: its text, and its inline HTML. Each block gets
	// exact copies when its run ends, and the buffers are reused.
	text, html *bytes.Buffer

	hasContent bool   // the run holds visible text
	lastSeg    string // the run's last visible text, for the segment break rule
	pendSpace  bool   // collapsible white space is pending
	pendNL     bool   // ... and it held a line break (a segment break)
	pendIdeo   int    // U+3000 ideographic spaces pending
	pendBreak  bool   // a <br> is pending

	inline    []inlineFrame
	unopened  int // frames in inline not yet opened
	inP       int // depth of paragraph-like elements
	skip      *html.Node
	lastImage int // index of an image block that nothing has followed yet, or -1
	more      int // the number of blocks before a <!-- more --> marker, or -1

	ctx context

	heading   int // level, in ctxHeading
	list      Block
	ordered   []bool // ordered flags of the open lists, in ctxList
	inItem    bool
	quoteText []string
	quoteHTML []string
	deferred  []Block

	rawPre, rawCode []rawElement // source text of <pre> and <code>, scanned on demand
	rawScanned      bool
}

// newWalker returns a walker for one parse, from the pool: the run buffers
// and the scratch stacks keep their memory from parse to parse.
func newWalker(p *parser) *walker {
	w := walkers.Get().(*walker)
	*w = walker{
		p: p, lastImage: -1, more: -1,
		text: w.text, html: w.html, blocks: w.blocks[:0],
		inline: w.inline[:0], ordered: w.ordered[:0],
		quoteText: w.quoteText[:0], quoteHTML: w.quoteHTML[:0], deferred: w.deferred[:0],
	}
	if w.text == nil {
		w.text, w.html = new(bytes.Buffer), new(bytes.Buffer)
	}
	return w
}

// takeBlocks returns a copy of the blocks made so far, of exactly their
// length, and keeps the walker's slice, cleared, for the next post. Blocks
// are built in the pooled slice because their number is not known before
// the walk: growing the article's own slice allocated about twice the bytes
// it kept.
func (w *walker) takeBlocks() []Block {
	out := make([]Block, len(w.blocks))
	copy(out, w.blocks)
	clear(w.blocks)
	w.blocks = w.blocks[:0]
	return out
}

// release returns the walker to the pool, unless it grew large, so that the
// pool's memory stays small. Nothing it holds may be used afterwards.
func (w *walker) release() {
	if w.text.Cap() > 1<<20 || w.html.Cap() > 1<<20 {
		return
	}
	w.text.Reset()
	w.html.Reset()
	// takeBlocks has cleared the blocks it copied, and append writes a
	// whole block: clearing what is left keeps the pool from holding
	// strings of a walk that ended early.
	clear(w.blocks)
	blocks := w.blocks[:0]
	if cap(blocks) > maxPooledBlocks {
		blocks = nil
	}
	clear(w.quoteText[:cap(w.quoteText)])
	clear(w.quoteHTML[:cap(w.quoteHTML)])
	clear(w.deferred[:cap(w.deferred)])
	clear(w.inline[:cap(w.inline)])
	*w = walker{
		text: w.text, html: w.html, blocks: blocks,
		inline: w.inline[:0], ordered: w.ordered[:0],
		quoteText: w.quoteText[:0], quoteHTML: w.quoteHTML[:0], deferred: w.deferred[:0],
	}
	walkers.Put(w)
}

// maxPooledBlocks is the most blocks a pooled walker keeps room for.
const maxPooledBlocks = 1024

var walkers = sync.Pool{New: func() any { return new(walker) }}

func (w *walker) walkChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walkNode(c)
	}
}

func (w *walker) walkNode(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.addText(n.Data)
	case html.ElementNode:
		w.element(n)
	case html.DocumentNode:
		w.walkChildren(n)
	case html.CommentNode:
		if w.more < 0 && isMoreMarker(n.Data) {
			w.moreMarker()
		}
	}
}

func kindOf(n *html.Node) kind { return kindOfAtom(n.DataAtom) }

// kindOfAtom looks an atom up in kinds, through kindIndex.
func kindOfAtom(a atom.Atom) kind {
	if a == 0 {
		return kindTransparent
	}
	for i := atomSlot(a); ; i = (i + 1) & (len(kindIndex) - 1) {
		switch kindIndex[i].a {
		case a:
			return kindIndex[i].k
		case 0:
			return kindTransparent
		}
	}
}

// kindIndex holds kinds as an open-addressing hash table on the atom: the
// walk looks up every element, and this is several times cheaper than the
// map.
var kindIndex = func() (t [512]struct {
	a atom.Atom
	k kind
}) {
	for a, k := range kinds {
		i := atomSlot(a)
		for t[i].a != 0 {
			i = (i + 1) & (len(t) - 1)
		}
		t[i].a, t[i].k = a, k
	}
	return t
}()

func atomSlot(a atom.Atom) int { return int(uint32(a) * 0x9E3779B1 >> (32 - 9)) }

func (w *walker) element(n *html.Node) {
	if n == w.skip {
		return
	}
	if n.Namespace != "" {
		// Foreign content: SVG is dropped; MathML keeps its text, or its
		// alttext, without its markup.
		if n.Namespace == "math" && n.Data == "math" {
			w.mathText(n)
		}
		return
	}
	k := kindOf(n)
	if k == kindSkip {
		return
	}
	var flags uint8
	if len(n.Attr) > 0 {
		flags = attrFlags(n)
		if flags&(flagHidden|flagSkip) != 0 {
			return
		}
	}
	if w.lastImage >= 0 && (n.DataAtom == atom.Figcaption || flags&flagCaption != 0 || isEmphasisCaption(n)) && w.takeCaption(n) {
		return
	}
	switch k {
	case kindInline:
		if n.DataAtom == atom.Span && w.more < 0 && isMoreSpan(n) {
			w.moreMarker()
			return
		}
		w.inlineElement(n)
	case kindBreak:
		w.lineBreak()
	case kindBlock:
		if w.ctx == ctxFlow && isPlainTextContainer(n) {
			w.plainText(n)
			return
		}
		w.container(n)
	case kindPLike:
		w.boundary()
		w.inP++
		w.walkChildren(n)
		w.inP--
		w.boundary()
	case kindHeading:
		w.headingElement(n)
	case kindList:
		w.listElement(n)
	case kindListItem:
		w.listItem(n)
	case kindQuote:
		w.quoteElement(n)
	case kindPre:
		w.preElement(n)
	case kindTable:
		w.tableElement(n)
	case kindImg:
		w.imgElement(n, nil)
	case kindPicture:
		w.pictureElement(n)
	case kindFigure:
		w.figureElement(n)
	case kindEmbed:
		w.embedElement(n)
	case kindRule:
		w.hardBlock(Block{Type: Rule})
	case kindNoscript:
		w.noscriptElement(n)
	default:
		w.walkChildren(n)
	}
}

// walkRoot walks the top-level nodes of the body.
func (w *walker) walkRoot(root *html.Node) {
	if isPlainTextContainer(root) {
		w.plainText(root)
	} else {
		w.walkChildren(root)
	}
	w.boundary()
	w.endContext()
}

// --- text ---

// addText appends a text node's data to the run, collapsing white space.
// It scans bytes: the only non-ASCII characters it treats specially are
// U+00A0 (C2 A0) and U+3000 (E3 80 80).
func (w *walker) addText(s string) {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c < utf8.RuneSelf && asciiSpace[c]:
			w.pendSpace = true
			if c == '\n' {
				w.pendNL = true
			}
			i++
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0:
			// &nbsp; is kept as a space, and collapses with others.
			w.pendSpace = true
			i += 2
		case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
			w.pendIdeo++
			i += 3
		default:
			j, esc := visibleEnd(s, i)
			w.visible(s[i:j], esc)
			i = j
		}
	}
}

// asciiSpace marks the ASCII white space of HTML.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true}

// textStops marks the bytes at which visibleEnd must look closer: white
// space, the lead bytes of U+00A0 and U+3000, and the characters HTML
// escapes.
var textStops = [256]uint8{
	' ': stopSpace, '\t': stopSpace, '\n': stopSpace, '\r': stopSpace, '\f': stopSpace,
	0xC2: stopLead, 0xE3: stopLead,
	'&': stopEscape, '<': stopEscape, '>': stopEscape, '"': stopEscape, '\'': stopEscape,
}

const (
	stopSpace = 1 + iota
	stopLead
	stopEscape
)

// visibleEnd returns the end of the run of text that starts at i, and
// whether the run holds a character that HTML must escape. The run holds
// no white space but single spaces between words, which need no collapsing.
func visibleEnd(s string, i int) (end int, esc bool) {
	for ; i < len(s); i++ {
		switch textStops[s[i]] {
		case 0:
		case stopSpace:
			if s[i] == ' ' && i+1 < len(s) {
				if next := textStops[s[i+1]]; next == 0 || next == stopEscape {
					continue // a single space before a word
				}
			}
			return i, esc
		case stopEscape:
			esc = true
		case stopLead:
			if s[i] == 0xC2 {
				if i+1 < len(s) && s[i+1] == 0xA0 {
					return i, esc
				}
			} else if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
				return i, esc
			}
		}
	}
	return i, esc
}

func isSpaceByte(c byte) bool {
	return c < utf8.RuneSelf && asciiSpace[c]
}

// visible writes text that holds no white space to the run. esc says
// whether it holds characters that HTML must escape.
func (w *walker) visible(seg string, esc bool) {
	w.emitPending(seg)
	if w.unopened > 0 {
		w.openInlines()
	}
	w.text.WriteString(seg)
	if esc {
		escapeText(w.html, seg)
	} else {
		w.html.WriteString(seg)
	}
	w.hasContent = true
	w.lastSeg = seg
	w.lastImage = -1
}

// emitPending writes the white space or line break that comes before the
// next visible text, next. Nothing is written at the start of a run, so
// runs are trimmed.
func (w *walker) emitPending(next string) {
	if w.hasContent {
		switch {
		case w.pendBreak:
			w.text.WriteByte('\n')
			w.html.WriteString("<br>")
		case w.pendIdeo > 0:
			for i := 0; i < w.pendIdeo; i++ {
				w.text.WriteString("\u3000")
				w.html.WriteString("\u3000")
			}
		case w.pendSpace:
			// A line break between two East Asian wide characters is
			// removed, as CSS Text does: no space is invented between them.
			if !w.pendNL || !w.betweenWide(next) {
				w.text.WriteByte(' ')
				w.html.WriteByte(' ')
			}
		}
	}
	w.pendSpace, w.pendNL, w.pendIdeo, w.pendBreak = false, false, 0, false
}

// betweenWide reports whether the run's last character and the first of
// next are both East Asian wide.
func (w *walker) betweenWide(next string) bool {
	if len(w.lastSeg) == 0 || len(next) == 0 || w.lastSeg[len(w.lastSeg)-1] < utf8.RuneSelf || next[0] < utf8.RuneSelf {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(w.lastSeg)
	first, _ := utf8.DecodeRuneInString(next)
	return isWide(last) && isWide(first)
}

// isWide reports whether r is an East Asian wide character other than
// Hangul, for the segment break rule.
func isWide(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return false
	case r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFF01 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
		return true
	case r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// finishRun ends the current run and returns its text and HTML. ok is false
// when the run holds no visible text.
func (w *walker) finishRun() (text, htm string, ok bool) {
	w.closeInlines()
	if w.hasContent && !onlySpace(w.text.Bytes()) {
		t, h := w.text.Bytes(), w.html.Bytes()
		if bytes.Equal(h, t) {
			text = string(t)
			htm = text
		} else {
			// One allocation for both: they live and die with the block.
			var b strings.Builder
			b.Grow(len(t) + len(h))
			b.Write(t)
			b.Write(h)
			s := b.String()
			text, htm = s[:len(t)], s[len(t):]
		}
		ok = true
	}
	w.text.Reset()
	w.html.Reset()
	w.hasContent = false
	w.pendSpace, w.pendNL, w.pendIdeo, w.pendBreak = false, false, 0, false
	return text, htm, ok
}

// onlySpace reports whether b holds nothing but white space as Unicode
// defines it: the characters HTML does not collapse (U+000B, U+2003, …)
// show nothing either, so a run of them is no paragraph. It stops at the
// first other character, which is nearly always the first.
func onlySpace(b []byte) bool {
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] && c != '\v' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if runeClass(r) != rcSpace {
			return false
		}
		i += n
	}
	return true
}

// --- inline elements ---

func (w *walker) inlineElement(n *html.Node) {
	f := inlineFrame{}
	if inlineRendered[n.DataAtom] {
		f.tag = n.DataAtom
	}
	switch n.DataAtom {
	case atom.A:
		f.href = w.p.linkURL(getAttr(n, "href"))
		if f.href == "" || w.hasFrame(atom.A) {
			f.tag = 0 // a browser would close the outer link at a nested <a>
		}
		f.title = collapseSpace(getAttr(n, "title"))
	case atom.Abbr:
		f.title = collapseSpace(getAttr(n, "title"))
	case atom.Rt, atom.Rp:
		if t := w.innermostTag(); (t == atom.Rt || t == atom.Rp) && w.hasFrame(atom.Ruby) {
			f.tag = 0 // a browser would close the open <rt> or <rp>
		}
	case atom.Code:
		if hasUnknownElement(n) {
			if lit, ok := w.recoverRaw(atom.Code, n); ok {
				w.pushInline(f)
				w.addText(lit)
				w.popInline()
				return
			}
		}
	}
	w.pushInline(f)
	w.walkChildren(n)
	w.popInline()
}

// hasFrame reports whether an inline frame rendered as tag is open.
func (w *walker) hasFrame(tag atom.Atom) bool {
	for i := range w.inline {
		if w.inline[i].tag == tag {
			return true
		}
	}
	return false
}

// innermostTag returns the tag of the innermost rendered inline frame.
func (w *walker) innermostTag() atom.Atom {
	for i := len(w.inline) - 1; i >= 0; i-- {
		if w.inline[i].tag != 0 {
			return w.inline[i].tag
		}
	}
	return 0
}

func (w *walker) pushInline(f inlineFrame) {
	w.inline = append(w.inline, f)
	if f.tag != 0 {
		w.unopened++
	}
}

func (w *walker) popInline() {
	f := &w.inline[len(w.inline)-1]
	if f.tag != 0 {
		if f.opened {
			writeEndTag(w.html, f.tag)
		} else {
			w.unopened--
		}
	}
	w.inline = w.inline[:len(w.inline)-1]
}

func (w *walker) openInlines() {
	for i := range w.inline {
		f := &w.inline[i]
		if f.tag != 0 && !f.opened {
			writeInlineStart(w.html, f)
			f.opened = true
		}
	}
	w.unopened = 0
}

func (w *walker) closeInlines() {
	for i := len(w.inline) - 1; i >= 0; i-- {
		f := &w.inline[i]
		if f.opened {
			writeEndTag(w.html, f.tag)
			f.opened = false
			w.unopened++
		}
	}
}

// enclosingLink returns the href of the innermost link around the walk.
func (w *walker) enclosingLink() string {
	for i := len(w.inline) - 1; i >= 0; i-- {
		if w.inline[i].href != "" {
			return w.inline[i].href
		}
	}
	return ""
}

// lineBreak handles <br>. Inside a paragraph-like element a single <br> is a
// line break and a second one ends the paragraph; in a bare run outside one,
// every <br> ends the paragraph.
func (w *walker) lineBreak() {
	switch w.ctx {
	case ctxHeading, ctxTable:
		w.pendSpace = true
	case ctxList:
		if w.hasContent {
			w.pendBreak = true
		}
	default:
		if w.inP == 0 || w.pendBreak {
			w.boundary()
			return
		}
		if w.hasContent {
			w.pendBreak = true
		}
	}
}

// --- boundaries and contexts ---

// container walks n as a plain container: a block boundary before and
// after its content.
func (w *walker) container(n *html.Node) {
	w.boundary()
	w.walkChildren(n)
	w.boundary()
}

// boundary ends the run at a block boundary.
func (w *walker) boundary() {
	switch w.ctx {
	case ctxFlow:
		w.endParagraph()
	case ctxQuote:
		w.endQuoteParagraph()
	case ctxList:
		if w.inItem {
			if w.hasContent {
				w.pendBreak = true
			}
		} else {
			w.endItem()
		}
	default:
		w.pendSpace = true
	}
}

func (w *walker) endParagraph() {
	if text, htm, ok := w.finishRun(); ok {
		w.appendBlock(Block{Type: Paragraph, Text: text, HTML: htm})
	}
}

func (w *walker) appendBlock(b Block) {
	w.blocks = append(w.blocks, b)
	if b.Type == ImageType {
		w.lastImage = len(w.blocks) - 1
	} else {
		w.lastImage = -1
	}
}

// breakForHard ends what is open in the current context before a hard block:
// the paragraph, or the list or quote so far, or the heading.
func (w *walker) breakForHard() {
	switch w.ctx {
	case ctxFlow:
		w.endParagraph()
	case ctxHeading:
		w.endHeading()
	case ctxList:
		w.endItem()
		w.emitList()
	case ctxQuote:
		w.endQuoteParagraph()
		w.emitQuote()
	}
}

// hardBlock adds an image, code, table, embed or rule block.
func (w *walker) hardBlock(b Block) {
	if w.ctx == ctxTable {
		if b.Type == ImageType || b.Type == Embed {
			w.deferred = append(w.deferred, b)
		}
		return
	}
	w.breakForHard()
	w.appendBlock(b)
}

// endContext closes the context at the end of the walk.
func (w *walker) endContext() {
	if w.ctx != ctxFlow {
		w.breakForHard()
	}
	w.ctx = ctxFlow
}

// isPlainTextContainer reports whether n holds text and nothing else, with
// line breaks: a body with no markup but its wrapper, where each line is a
// paragraph.
func isPlainTextContainer(n *html.Node) bool {
	hasNL := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if !hasNL && strings.IndexByte(strings.TrimSpace(c.Data), '\n') >= 0 {
				hasNL = true
			}
		case html.CommentNode:
		default:
			return false
		}
	}
	return hasNL
}

// plainText makes each non-empty line of a plain-text container a paragraph.
func (w *walker) plainText(n *html.Node) {
	w.boundary()
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode {
			continue
		}
		s := c.Data
		for s != "" {
			line := s
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				line, s = s[:i], s[i+1:]
			} else {
				s = ""
			}
			w.addText(line)
			w.boundary()
		}
	}
}

// mathText adds the text of a MathML formula to the run: its alttext, or
// the text of its tokens, separated by spaces.
func (w *walker) mathText(n *html.Node) {
	if alt := collapseSpace(getAttr(n, "alttext")); alt != "" {
		w.addText(" " + alt + " ")
		return
	}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				w.addText(" " + c.Data + " ")
			case html.ElementNode:
				// HTML inside the formula (through mtext) may hold a
				// <style> or <script>, whose text is not content.
				if c.Data != "annotation" && c.Data != "annotation-xml" && (c.Namespace != "" || kindOf(c) != kindSkip) {
					visit(c)
				}
			}
		}
	}
	visit(n)
}

// --- headings ---

func (w *walker) headingElement(n *html.Node) {
	if w.ctx != ctxFlow {
		w.container(n)
		return
	}
	w.endParagraph()
	w.ctx = ctxHeading
	w.heading = int(n.Data[1] - '0')
	w.walkChildren(n)
	w.endHeading()
	w.ctx = ctxFlow
}

func (w *walker) endHeading() {
	if text, htm, ok := w.finishRun(); ok {
		w.appendBlock(Block{Type: Heading, Text: text, HTML: htm, Level: w.heading})
	}
}

// --- lists ---

func (w *walker) listElement(n *html.Node) {
	ordered := n.DataAtom == atom.Ol
	switch w.ctx {
	case ctxList:
		// A nested list: its items follow, one level deeper.
		w.endItem()
		inItem := w.inItem
		w.inItem = false
		w.ordered = append(w.ordered, ordered)
		w.walkChildren(n)
		w.endItem()
		w.ordered = w.ordered[:len(w.ordered)-1]
		w.inItem = inItem
	case ctxFlow:
		w.endParagraph()
		w.ctx = ctxList
		w.list = Block{Type: List, Ordered: ordered}
		w.ordered = append(w.ordered[:0], ordered)
		w.inItem = false
		w.walkChildren(n)
		w.endItem()
		w.emitList()
		w.ctx = ctxFlow
	default:
		w.boundary()
		w.walkChildren(n)
		w.boundary()
	}
}

func (w *walker) listItem(n *html.Node) {
	if w.ctx != ctxList {
		w.container(n)
		return
	}
	w.endItem()
	inItem := w.inItem
	w.inItem = true
	w.walkChildren(n)
	w.endItem()
	w.inItem = inItem
}

func (w *walker) endItem() {
	text, htm, ok := w.finishRun()
	if !ok {
		return
	}
	it := ListItem{Text: text, HTML: htm, Depth: len(w.ordered) - 1}
	if it.Depth > 0 {
		it.Ordered = w.ordered[len(w.ordered)-1]
	}
	w.list.Items = append(w.list.Items, it)
}

// emitList adds the list so far, and starts a new one that continues it.
func (w *walker) emitList() {
	if len(w.list.Items) == 0 {
		return
	}
	w.appendBlock(w.list)
	w.list = Block{Type: List, Ordered: w.list.Ordered}
}

// --- quotes ---

func (w *walker) quoteElement(n *html.Node) {
	if w.ctx != ctxFlow {
		w.container(n)
		return
	}
	w.endParagraph()
	w.ctx = ctxQuote
	w.walkChildren(n)
	w.endQuoteParagraph()
	w.emitQuote()
	w.ctx = ctxFlow
}

func (w *walker) endQuoteParagraph() {
	if text, htm, ok := w.finishRun(); ok {
		w.quoteText = append(w.quoteText, text)
		w.quoteHTML = append(w.quoteHTML, htm)
	}
}

func (w *walker) emitQuote() {
	if len(w.quoteText) == 0 {
		return
	}
	var hb strings.Builder
	for _, h := range w.quoteHTML {
		hb.WriteString("<p>")
		hb.WriteString(h)
		hb.WriteString("</p>")
	}
	w.appendBlock(Block{Type: Quote, Text: strings.Join(w.quoteText, "\n\n"), HTML: hb.String()})
	w.quoteText, w.quoteHTML = w.quoteText[:0], w.quoteHTML[:0]
}

// --- code ---

func (w *walker) preElement(n *html.Node) {
	if w.ctx == ctxTable {
		w.container(n)
		return
	}
	var b strings.Builder
	unknown := preText(&b, n)
	text := b.String()
	if unknown {
		if lit, ok := w.recoverRaw(atom.Pre, n); ok {
			text = lit
		}
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	// The newline before </code></pre> ends the last line; it is not a line
	// of its own (Markdown renderers always write it), and blank lines at
	// the end show nothing.
	text = strings.TrimRight(text, "\n")
	w.hardBlock(Block{Type: Code, Text: text, Lang: codeLang(n)})
}

// preText writes the text of a <pre> exactly, with <br> as a newline, and
// reports whether the tree holds elements of unknown names: markup the
// author meant as text, which the parser turned into elements.
func preText(b *strings.Builder, n *html.Node) (unknown bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			switch {
			case c.DataAtom == 0:
				unknown = true
			case c.DataAtom == atom.Br:
				b.WriteByte('\n')
				continue
			case kindOf(c) == kindSkip:
				continue
			}
			if preText(b, c) {
				unknown = true
			}
		}
	}
	return unknown
}

// codeLang returns the language of a code block from a language-x or lang-x
// class on the <pre> or its <code>, a data-lang attribute, or the class of a
// highlight wrapper ("highlight js").
func codeLang(n *html.Node) string {
	if l := langFromAttrs(n); l != "" {
		return l
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Code {
			if l := langFromAttrs(c); l != "" {
				return l
			}
		}
	}
	for p, i := n.Parent, 0; p != nil && i < 6; p, i = p.Parent, i+1 {
		class := getAttr(p, "class")
		if rest, ok := strings.CutPrefix(class, "highlight "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return strings.ToLower(f[0])
			}
		}
		if l := langFromClass(class); l != "" {
			return l
		}
	}
	return ""
}

func langFromAttrs(n *html.Node) string {
	if l := langFromClass(getAttr(n, "class")); l != "" {
		return l
	}
	if l := getAttr(n, "data-lang"); l != "" {
		return strings.ToLower(strings.TrimSpace(l))
	}
	return ""
}

func langFromClass(class string) string {
	for _, c := range strings.Fields(class) {
		for _, prefix := range []string{"language-", "lang-", "brush:"} {
			if l, ok := strings.CutPrefix(c, prefix); ok && l != "" {
				return strings.ToLower(l)
			}
		}
	}
	return ""
}

// --- tables ---

func (w *walker) tableElement(n *html.Node) {
	if w.ctx == ctxTable || isLayoutTable(n) {
		w.container(n)
		return
	}
	w.breakForHard()
	outer := w.ctx
	w.ctx = ctxTable
	var rows [][]string
	var caption string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Caption:
			w.walkChildren(c)
			caption, _, _ = w.finishRun()
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					rows = w.tableRow(r, rows)
				}
			}
		case atom.Tr:
			rows = w.tableRow(c, rows)
		}
	}
	w.ctx = outer
	deferred := w.deferred
	w.deferred = nil
	if caption != "" {
		w.appendBlock(Block{Type: Paragraph, Text: caption, HTML: escapeString(caption)})
	}
	if len(rows) > 0 {
		w.appendBlock(Block{Type: Table, Rows: rows})
	}
	for _, b := range deferred {
		w.appendBlock(b)
	}
}

func (w *walker) tableRow(tr *html.Node, rows [][]string) [][]string {
	var row []string
	empty := true
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
			continue
		}
		w.walkChildren(c)
		text, _, ok := w.finishRun()
		if ok {
			empty = false
		}
		row = append(row, text)
	}
	if empty {
		return rows
	}
	return append(rows, row)
}

// isLayoutTable reports whether a table lays out content rather than holding
// data: it nests tables or block content, has a single column, or has cells
// with long text. Such a table is walked as containers.
func isLayoutTable(t *html.Node) bool {
	if getAttr(t, "role") == "presentation" {
		return true
	}
	maxCols := 0
	layout := false
	var visit func(n *html.Node, inCell bool) int
	visit = func(n *html.Node, inCell bool) int {
		textLen := 0
		for c := n.FirstChild; c != nil && !layout; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				textLen += len(c.Data)
			case html.ElementNode:
				switch kindOf(c) {
				case kindTable, kindHeading, kindList, kindQuote, kindPre, kindFigure, kindEmbed, kindBlock:
					if c.DataAtom != atom.Tbody && c.DataAtom != atom.Thead && c.DataAtom != atom.Tfoot &&
						c.DataAtom != atom.Tr && c.DataAtom != atom.Td && c.DataAtom != atom.Th && c.DataAtom != atom.Caption {
						layout = true
						return 0
					}
				}
				if c.DataAtom == atom.Tr {
					cols := 0
					for d := c.FirstChild; d != nil; d = d.NextSibling {
						if d.Type == html.ElementNode && (d.DataAtom == atom.Td || d.DataAtom == atom.Th) {
							cols++
						}
					}
					if cols > maxCols {
						maxCols = cols
					}
				}
				cellLen := visit(c, inCell || c.DataAtom == atom.Td || c.DataAtom == atom.Th)
				if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					if cellLen > 600 {
						layout = true
					}
				} else {
					textLen += cellLen
				}
			}
		}
		return textLen
	}
	visit(t, false)
	return layout || maxCols <= 1
}

// --- images ---

func (w *walker) imgElement(n *html.Node, picture *html.Node) {
	im, ok := w.p.imageFromElement(n, picture)
	if !ok {
		return
	}
	if link := w.enclosingLink(); link != "" && link != im.URL {
		im.Link = link
	}
	w.hardBlock(Block{Type: ImageType, Image: &im})
}

func (w *walker) pictureElement(n *html.Node) {
	if img := findElement(n, atom.Img); img != nil {
		w.imgElement(img, n)
		return
	}
	// A <picture> with sources only.
	w.imgElement(&html.Node{Type: html.ElementNode, DataAtom: atom.Img, Data: "img"}, n)
}

// noscriptElement takes the images of a <noscript> fallback, unless they
// repeat the image right before it. Its text is dropped: readers with
// scripts on never see it, and scraped pages often hold escaped markup there.
func (w *walker) noscriptElement(n *html.Node) {
	if w.lastImage >= 0 && w.lastImage == len(w.blocks)-1 && !w.hasContent {
		return
	}
	w.noscriptImages(n)
}

func (w *walker) noscriptImages(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Img:
			w.imgElement(c, nil)
		case atom.Picture:
			w.pictureElement(c)
		default:
			w.noscriptImages(c)
		}
	}
}

// figureElement walks a <figure>. A <figcaption> that comes before the
// image captions the figure's first image; one that comes after is taken
// by the caption rule (see takeCaption).
func (w *walker) figureElement(n *html.Node) {
	w.boundary()
	var capFirst *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Figcaption {
			capFirst = c
		}
		break
	}
	if capFirst != nil && findElement(n, atom.Img) == nil {
		capFirst = nil
	}
	start := len(w.blocks)
	if capFirst != nil {
		w.skip = capFirst
	}
	w.walkChildren(n)
	w.skip = nil
	w.boundary()
	if capFirst == nil {
		return
	}
	caption := nodeText(capFirst)
	for i := start; i < len(w.blocks); i++ {
		if b := &w.blocks[i]; b.Type == ImageType && b.Image.Caption == "" {
			b.Image.Caption, b.Text = caption, caption
			return
		}
	}
	w.walkNode(capFirst)
	w.boundary()
}

// takeCaption makes n the caption of the image block right before it, when
// nothing has come between them. It reports whether n was used.
func (w *walker) takeCaption(n *html.Node) bool {
	if w.hasContent || w.lastImage != len(w.blocks)-1 {
		return false
	}
	b := &w.blocks[w.lastImage]
	if b.Image.Caption != "" {
		return false
	}
	if findElement(n, atom.Img) != nil {
		return false
	}
	caption := nodeText(n)
	b.Image.Caption, b.Text = caption, caption
	return true
}

// --- embeds ---

func (w *walker) embedElement(n *html.Node) {
	raw := firstAttr(n, embedSrcAttrs)
	if raw == "" && n.DataAtom != atom.Iframe {
		for c := n.FirstChild; c != nil && raw == ""; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Source {
				raw = getAttr(c, "src")
			}
		}
	}
	src, ok := w.p.mediaURL(raw)
	if !ok {
		if n.DataAtom != atom.Iframe {
			w.walkChildren(n) // fallback content
		}
		return
	}
	title := collapseSpace(getAttr(n, "title"))
	w.hardBlock(Block{Type: Embed, URL: src, Text: title, HTML: renderEmbed(n.DataAtom, src, title, w.p.policy())})
}
