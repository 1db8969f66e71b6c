package article

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Markdown returns the article's body as CommonMark, with GitHub's table
// and strikethrough extensions, one block after another with a blank line
// between them:
//
//   - headings as ATX headings ("## Title");
//   - lists with "-" or "1." markers, nested by the items' depth (two
//     consecutive lists alternate "-" and "*", or "." and ")", so that they
//     stay two lists);
//   - quotes with "> ";
//   - code in a backtick fence longer than any backtick run inside, with
//     its language;
//   - images as ![alt](url "title"), inside [...](link) when a link wraps
//     them, with the caption as an emphasis line right under the image;
//   - tables as GFM tables, whose first row is the header;
//   - embeds as links; rules as "***";
//   - inline emphasis, strong, strikethrough, code and links from each
//     block's inline HTML. Subscript, superscript and the other inline
//     elements Markdown has no syntax for stay inline HTML (<sup>2</sup>),
//     and so does emphasis whose delimiters CommonMark would not see, as
//     around “quoted” CJK text.
//
// Every character that CommonMark would read as syntax is escaped with a
// backslash: a leading #, >, -, +, = or "1." on a line, and *, _, `, [, |,
// ~, < and & where they could start markup. Characters that cannot, such as
// the * in "5 * 3", the _ in snake_case and all CJK punctuation, are left
// as they are, so that the text stays readable. A line break inside a
// paragraph is a backslash at the end of the line.
//
// Rendering the result with a CommonMark renderer and parsing that HTML
// gives the same blocks, with the same text, except that embeds come back
// as paragraphs holding a link.
func (a *Article) Markdown() string {
	m := mdWriter{}
	var prev *Block
	for i := range a.Blocks {
		blk := &a.Blocks[i]
		mark := len(m.out)
		if mark > 0 {
			m.out = append(m.out, "\n\n"...)
		}
		start := len(m.out)
		m.block(blk, prev)
		if len(m.out) == start {
			m.out = m.out[:mark] // the block wrote nothing
			continue
		}
		prev = blk
	}
	if len(m.out) > 0 {
		m.out = append(m.out, '\n')
	}
	return string(m.out)
}

// mdWriter writes Markdown into out.
type mdWriter struct {
	out []byte

	// The bullet and ordered delimiters of the last list, which the next
	// list must not use if it follows right after.
	bullet, delim byte
}

func (m *mdWriter) block(blk *Block, prev *Block) {
	switch blk.Type {
	case Paragraph:
		m.inlineBlock(blk.HTML, blk.Text, "", false)
	case Heading:
		lvl := min(max(blk.Level, 1), 6)
		for i := 0; i < lvl; i++ {
			m.out = append(m.out, '#')
		}
		m.out = append(m.out, ' ')
		start := len(m.out)
		m.inlineBlock(blk.HTML, blk.Text, "", true)
		m.escapeClosingHashes(start)
	case List:
		m.list(blk, prev != nil && prev.Type == List)
	case Quote:
		m.quote(blk)
	case Code:
		m.code(blk.Text, blk.Lang)
	case ImageType:
		if blk.Image != nil {
			m.image(blk.Image)
		}
	case Table:
		m.table(blk.Rows)
	case Embed:
		m.link(blk.URL, blk.Text)
	case Rule:
		m.out = append(m.out, "***"...)
	}
}

// inlineBlock writes inline content: from its sanitized inline HTML when it
// has some, else from its text. prefix starts each line after a line
// break. In a heading, line breaks are spaces.
func (m *mdWriter) inlineBlock(htm, text, prefix string, heading bool) {
	w := inlineWriter{out: m.out, prefix: prefix, lineStart: len(m.out), heading: heading}
	if htm == "" {
		w.text(text, nil)
	} else {
		w.nodes(parseInline(htm))
	}
	m.out = w.out
}

// parseInline parses a block's inline HTML. The nodes stay siblings under
// a <body>, so that the writer can look at what follows a node.
func parseInline(htm string) []*html.Node {
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(htm), bodyContext(), html.ParseOptionEnableScripting(false))
	if err != nil {
		nodes = []*html.Node{{Type: html.TextNode, Data: tokenText(htm)}}
	}
	root := bodyContext()
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return nodes
}

// escapeClosingHashes escapes a run of # at the end of a heading, which
// CommonMark would take for the optional closing sequence.
func (m *mdWriter) escapeClosingHashes(start int) {
	end := len(m.out)
	i := end
	for i > start && m.out[i-1] == '#' {
		i--
	}
	if i == end || (i > start && m.out[i-1] != ' ' && m.out[i-1] != '\t') {
		return
	}
	if i > start && m.out[i-1] == '\\' {
		return
	}
	m.out = append(m.out[:i], append([]byte{'\\'}, m.out[i:end]...)...)
}

// --- lists ---

func (m *mdWriter) list(blk *Block, afterList bool) {
	bullet, delim := byte('-'), byte('.')
	if afterList {
		// Two lists in a row would merge into one: change the marker.
		if m.bullet == '-' {
			bullet = '*'
		}
		if m.delim == '.' {
			delim = ')'
		}
	}
	m.bullet, m.delim = bullet, delim

	type level struct {
		ordered bool
		n       int    // items so far at this level
		indent  string // the indentation of this level's markers
		content string // the indentation of its items' content
	}
	var stack []level
	for i, it := range blk.Items {
		// An item is at most one level deeper than the one before it:
		// CommonMark has no empty item to hold a deeper one.
		depth := min(max(it.Depth, 0), len(stack))
		ordered := blk.Ordered
		if depth > 0 {
			ordered = it.Ordered
		}
		stack = stack[:min(len(stack), depth+1)]
		if len(stack) == depth {
			lv := level{ordered: ordered}
			if depth > 0 {
				lv.indent = stack[depth-1].content
			}
			stack = append(stack, lv)
		}
		top := &stack[depth]
		if top.ordered != ordered {
			// A list of the other kind at the same level starts a new list.
			top.ordered, top.n = ordered, 0
		}
		top.n++
		marker := listMarker(top.ordered, top.n, bullet, delim)
		if i > 0 {
			m.out = append(m.out, '\n')
		}
		m.out = append(m.out, top.indent...)
		m.out = append(m.out, marker...)
		m.out = append(m.out, ' ')
		top.content = top.indent + strings.Repeat(" ", len(marker)+1)
		m.inlineBlock(it.HTML, it.Text, top.content, false)
	}
}

// listMarker returns the marker of the nth item of a list.
func listMarker(ordered bool, n int, bullet, delim byte) string {
	if !ordered {
		return string(bullet)
	}
	return strconv.Itoa(n) + string(delim)
}

// --- quotes ---

func (m *mdWriter) quote(blk *Block) {
	first := true
	para := func(htm, text string) {
		if !first {
			m.out = append(m.out, "\n>\n"...)
		}
		first = false
		m.out = append(m.out, "> "...)
		m.inlineBlock(htm, text, "> ", false)
	}
	if blk.HTML == "" {
		for _, p := range strings.Split(blk.Text, "\n\n") {
			if strings.TrimSpace(p) != "" {
				para("", p)
			}
		}
		return
	}
	var loose []*html.Node
	for _, n := range parseInline(blk.HTML) {
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			if len(loose) > 0 {
				m.quoteNodes(&first, loose)
				loose = nil
			}
			m.quoteNodes(&first, childNodes(n))
			continue
		}
		loose = append(loose, n)
	}
	if len(loose) > 0 {
		m.quoteNodes(&first, loose)
	}
}

func (m *mdWriter) quoteNodes(first *bool, nodes []*html.Node) {
	if !*first {
		m.out = append(m.out, "\n>\n"...)
	}
	*first = false
	m.out = append(m.out, "> "...)
	w := inlineWriter{out: m.out, prefix: "> ", lineStart: len(m.out)}
	w.nodes(nodes)
	m.out = w.out
}

func childNodes(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// --- code ---

func (m *mdWriter) code(text, lang string) {
	n := max(longestRun(text, '`')+1, 3)
	fence := strings.Repeat("`", n)
	m.out = append(m.out, fence...)
	m.out = append(m.out, cleanLang(lang)...)
	m.out = append(m.out, '\n')
	m.out = append(m.out, text...)
	m.out = append(m.out, '\n')
	m.out = append(m.out, fence...)
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// --- images, links and tables ---

func (m *mdWriter) image(im *Image) {
	if im.Link != "" {
		m.out = append(m.out, '[')
	}
	m.out = append(m.out, "!["...)
	w := inlineWriter{out: m.out, inLink: true, lineStart: -1}
	w.text(im.Alt, nil)
	m.out = w.out
	m.out = append(m.out, "]("...)
	m.out = appendDestination(m.out, im.URL)
	if im.Title != "" {
		m.out = appendTitle(m.out, im.Title)
	}
	m.out = append(m.out, ')')
	if im.Link != "" {
		m.out = append(m.out, "]("...)
		m.out = appendDestination(m.out, im.Link)
		m.out = append(m.out, ')')
	}
	if c := collapseSpace(im.Caption); c != "" {
		m.out = append(m.out, "\n*"...)
		w := inlineWriter{out: m.out, lineStart: -1}
		w.text(c, nil)
		m.out = append(w.out, '*')
	}
}

// link writes a link to url with the text, or an autolink when the text is
// empty or the URL itself.
func (m *mdWriter) link(url, text string) {
	if (text == "" || text == url) && isAutolinkable(url) {
		m.out = append(m.out, '<')
		m.out = append(m.out, url...)
		m.out = append(m.out, '>')
		return
	}
	if text == "" {
		text = url
	}
	m.out = append(m.out, '[')
	w := inlineWriter{out: m.out, inLink: true, lineStart: -1}
	w.text(text, nil)
	m.out = append(w.out, "]("...)
	m.out = appendDestination(m.out, url)
	m.out = append(m.out, ')')
}

// isAutolinkable reports whether u can be written as <u>: an absolute
// http(s) or mailto URL with no space, control character, < or >.
func isAutolinkable(u string) bool {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "mailto:") {
		return false
	}
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c == '<' || c == '>' || c == 0x7f {
			return false
		}
	}
	return true
}

// appendDestination writes a link destination: parentheses escaped, and
// space, control characters, <, > and \ percent-encoded.
func appendDestination(out []byte, u string) []byte {
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '(' || c == ')':
			out = append(out, '\\', c)
		case c <= ' ' || c == '<' || c == '>' || c == '\\' || c == 0x7f:
			out = append(out, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		default:
			out = append(out, c)
		}
	}
	return out
}

// appendTitle writes ` "title"` with " and \ escaped, on one line.
func appendTitle(out []byte, t string) []byte {
	out = append(out, ' ', '"')
	for _, r := range collapseSpace(t) {
		if r == '"' || r == '\\' {
			out = append(out, '\\')
		}
		out = utf8.AppendRune(out, r)
	}
	return append(out, '"')
}

// table writes a GFM table. The first row is the header; every row is as
// wide as the widest, so that no cell is dropped.
func (m *mdWriter) table(rows [][]string) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	row := func(cells []string) {
		m.out = append(m.out, '|')
		for i := 0; i < cols; i++ {
			m.out = append(m.out, ' ')
			if i < len(cells) {
				m.cell(cells[i])
			}
			m.out = append(m.out, " |"...)
		}
	}
	for i, r := range rows {
		if i > 0 {
			m.out = append(m.out, '\n')
		}
		row(r)
		if i == 0 {
			m.out = append(m.out, "\n|"...)
			for j := 0; j < cols; j++ {
				m.out = append(m.out, " --- |"...)
			}
		}
	}
}

// cell writes a table cell's text: pipes escaped, and line breaks as <br>.
func (m *mdWriter) cell(s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			m.out = append(m.out, "<br>"...)
		}
		w := inlineWriter{out: m.out, lineStart: -1}
		w.text(strings.TrimSpace(line), nil)
		m.out = w.out
	}
}

// --- inline content ---

// inlineWriter writes inline content as Markdown.
type inlineWriter struct {
	out       []byte
	prefix    string // written after a line break: list indentation, or "> "
	lineStart int    // offset in out where the current line's content starts, or -1
	heading   bool   // line breaks are spaces
	inLink    bool   // escape ] too
	pendBreak bool   // a line break is due before the next text
	strong    int    // ** open
	em        int    // * open
	strike    int    // ~~ open
}

func (w *inlineWriter) nodes(ns []*html.Node) {
	for _, n := range ns {
		w.node(n)
	}
}

func (w *inlineWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *inlineWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, n)
	case html.ElementNode:
		w.element(n)
	}
}

// atLineStart reports whether nothing has been written on this line yet.
func (w *inlineWriter) atLineStart() bool {
	return w.lineStart >= 0 && len(w.out) == w.lineStart
}

// lineBreak records a <br>: it is written before the next text, so that a
// break at the start or end of a block is dropped.
func (w *inlineWriter) lineBreak() {
	if w.heading {
		w.space()
		return
	}
	if len(w.out) > 0 && w.lineStart != len(w.out) {
		w.pendBreak = true
	}
}

func (w *inlineWriter) space() {
	if n := len(w.out); n > 0 && w.out[n-1] != ' ' && !w.atLineStart() {
		w.out = append(w.out, ' ')
	}
}

func (w *inlineWriter) flushBreak() {
	if !w.pendBreak {
		return
	}
	w.pendBreak = false
	// Trailing spaces before the break would make it a different break.
	for n := len(w.out); n > 0 && w.out[n-1] == ' '; n-- {
		w.out = w.out[:n-1]
	}
	w.out = append(w.out, '\\', '\n')
	w.out = append(w.out, w.prefix...)
	w.lineStart = len(w.out)
}

func (w *inlineWriter) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Br:
		w.lineBreak()
	case atom.Strong, atom.B:
		w.emphasis(n, "**", &w.strong)
	case atom.Em, atom.I, atom.Cite, atom.Dfn, atom.Var:
		w.emphasis(n, "*", &w.em)
	case atom.Del, atom.S, atom.Strike:
		w.emphasis(n, "~~", &w.strike)
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		w.codeSpan(n)
	case atom.A:
		w.anchor(n)
	case atom.Sub, atom.Sup, atom.U, atom.Ins, atom.Mark, atom.Small, atom.Abbr, atom.Q:
		w.rawElement(n, n.DataAtom)
	default:
		w.children(n)
	}
}

// emphasis writes n between delimiters, or between its HTML tags when
// CommonMark would not take the delimiters for emphasis there.
func (w *inlineWriter) emphasis(n *html.Node, delim string, open *int) {
	if *open > 0 {
		w.children(n) // nested the same: once is enough
		return
	}
	w.flushBreak()
	start := len(w.out)
	startLine := w.lineStart
	*open++
	w.children(n)
	*open--
	content := w.out[start:]
	if len(strings.TrimSpace(string(content))) == 0 {
		return
	}
	lead := 0
	for lead < len(content) && content[lead] == ' ' {
		lead++
	}
	trail := 0
	for trail < len(content)-lead && content[len(content)-1-trail] == ' ' {
		trail++
	}
	inner := append([]byte(nil), content[lead:len(content)-trail]...)
	before := rune(' ')
	if at := start + lead; at != startLine && at > 0 {
		before, _ = utf8.DecodeLastRune(w.out[:at])
	}
	after := nextRune(n)
	first, _ := utf8.DecodeRune(inner)
	last, _ := utf8.DecodeLastRune(inner)
	// Right after the same character, even escaped, the delimiter would
	// not be seen as its own run ("*a**b*", "\~~~b~~").
	ok := canOpen(before, first) && canClose(last, after) && before != rune(delim[0])
	w.out = w.out[:start+lead]
	if ok {
		w.out = append(w.out, delim...)
		w.out = append(w.out, inner...)
		w.out = append(w.out, delim...)
	} else {
		tag := n.DataAtom
		switch delim {
		case "**":
			tag = atom.Strong
		case "*":
			tag = atom.Em
		case "~~":
			tag = atom.Del
		}
		w.out = append(w.out, '<')
		w.out = append(w.out, tag.String()...)
		w.out = append(w.out, '>')
		w.out = append(w.out, inner...)
		w.out = append(w.out, "</"...)
		w.out = append(w.out, tag.String()...)
		w.out = append(w.out, '>')
	}
	for i := 0; i < trail; i++ {
		w.out = append(w.out, ' ')
	}
}

// canOpen reports whether a delimiter run between before and first is
// left-flanking, so that it can open emphasis.
func canOpen(before, first rune) bool {
	if isMDSpace(first) {
		return false
	}
	return !isMDPunct(first) || isMDSpace(before) || isMDPunct(before)
}

// canClose reports whether a delimiter run between last and after is
// right-flanking, so that it can close emphasis.
func canClose(last, after rune) bool {
	if isMDSpace(last) {
		return false
	}
	return !isMDPunct(last) || isMDSpace(after) || isMDPunct(after)
}

func isMDSpace(r rune) bool { return r == 0 || unicode.IsSpace(r) }

// isMDPunct is CommonMark's punctuation: ASCII punctuation and the Unicode
// P and S categories.
func isMDPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r < 0x7f && !('0' <= r && r <= '9' || 'a' <= r|0x20 && r|0x20 <= 'z')
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// nextRune returns the first character that follows n in its block, as it
// will be written: a delimiter or tag for a following element, which counts
// as punctuation; 0 (white space) at the end.
func nextRune(n *html.Node) rune {
	for ; n != nil; n = n.Parent {
		for s := n.NextSibling; s != nil; s = s.NextSibling {
			switch s.Type {
			case html.TextNode:
				if s.Data == "" {
					continue
				}
				r, _ := utf8.DecodeRuneInString(s.Data)
				return r
			case html.ElementNode:
				return elementOpener(s)
			}
		}
		if n.Parent == nil || n.Parent.Type != html.ElementNode || n.Parent.DataAtom == atom.P || n.Parent.DataAtom == atom.Body {
			return 0
		}
	}
	return 0
}

// elementOpener returns the first character an inline element is written
// with: its delimiter, or the < of its tag. All are punctuation.
func elementOpener(n *html.Node) rune {
	switch n.DataAtom {
	case atom.Br:
		return ' '
	case atom.Strong, atom.B, atom.Em, atom.I, atom.Cite, atom.Dfn, atom.Var:
		return '*'
	case atom.Del, atom.S, atom.Strike:
		return '~'
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		return '`'
	case atom.A:
		return '['
	}
	return '<'
}

// codeSpan writes n's text as a code span, delimited by more backticks
// than any run inside. A <br> inside ends the span and starts another after
// the line break.
func (w *inlineWriter) codeSpan(n *html.Node) {
	var parts []string
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && c.DataAtom == atom.Br:
				parts = append(parts, b.String())
				b.Reset()
			case c.Type == html.ElementNode:
				visit(c)
			}
		}
	}
	visit(n)
	parts = append(parts, b.String())
	for i, s := range parts {
		if i > 0 {
			w.lineBreak()
		}
		s = collapseCodeSpace(s)
		if s == "" {
			continue
		}
		w.flushBreak()
		ticks := longestRun(s, '`') + 1
		if ticks >= 3 && w.atLineStart() {
			// A line that starts with ``` would open a code fence.
			w.out = append(w.out, "<code>"...)
			w.out = appendEscapedHTML(w.out, s)
			w.out = append(w.out, "</code>"...)
			continue
		}
		fence := strings.Repeat("`", ticks)
		w.out = append(w.out, fence...)
		pad := s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "")
		if pad {
			w.out = append(w.out, ' ')
		}
		w.out = append(w.out, s...)
		if pad {
			w.out = append(w.out, ' ')
		}
		w.out = append(w.out, fence...)
	}
}

// collapseCodeSpace turns line endings into spaces, as a code span would.
func collapseCodeSpace(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func appendEscapedHTML(out []byte, s string) []byte {
	var b strings.Builder
	escapeText(&b, s)
	return append(out, b.String()...)
}

// anchor writes a link: [text](url "title"), or <url> when the text is the
// URL.
func (w *inlineWriter) anchor(n *html.Node) {
	href := getAttr(n, "href")
	if href == "" {
		w.children(n)
		return
	}
	w.flushBreak()
	title := getAttr(n, "title")
	if title == "" && isAutolinkable(href) && n.FirstChild != nil && n.FirstChild == n.LastChild &&
		n.FirstChild.Type == html.TextNode && strings.TrimSpace(n.FirstChild.Data) == href {
		w.out = append(w.out, '<')
		w.out = append(w.out, href...)
		w.out = append(w.out, '>')
		return
	}
	w.out = append(w.out, '[')
	inLink := w.inLink
	w.inLink = true
	start := len(w.out)
	w.children(n)
	w.inLink = inLink
	if len(w.out) == start {
		w.out = append(w.out, appendEscapedText(nil, href, false)...)
	}
	w.out = append(w.out, "]("...)
	w.out = appendDestination(w.out, href)
	if title != "" {
		w.out = appendTitle(w.out, title)
	}
	w.out = append(w.out, ')')
}

// rawElement writes an inline element that Markdown has no syntax for as
// HTML, with its content as Markdown.
func (w *inlineWriter) rawElement(n *html.Node, tag atom.Atom) {
	w.flushBreak()
	start := len(w.out)
	w.out = append(w.out, '<')
	w.out = append(w.out, tag.String()...)
	if t := getAttr(n, "title"); t != "" && tag == atom.Abbr {
		w.out = append(w.out, ` title="`...)
		w.out = appendEscapedHTML(w.out, t)
		w.out = append(w.out, '"')
	}
	w.out = append(w.out, '>')
	inner := len(w.out)
	w.children(n)
	if len(w.out) == inner {
		w.out = w.out[:start]
		return
	}
	w.out = append(w.out, "</"...)
	w.out = append(w.out, tag.String()...)
	w.out = append(w.out, '>')
}

// text writes text with everything CommonMark could misread escaped.
// White space collapses to one space; n, the text's node, tells what
// follows it.
func (w *inlineWriter) text(s string, n *html.Node) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			if !w.pendBreak {
				w.space()
			}
			i += size
			continue
		}
		w.flushBreak()
		lineStart := w.atLineStart()
		var next rune
		if i+size < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i+size:])
		} else if n != nil {
			next = nextRune(n)
		} else {
			next = 0
		}
		if lineStart {
			if skip := w.lineStartEscape(s[i:]); skip > 0 {
				i += skip
				continue
			}
		}
		if r == '\ufeff' {
			// Invisible, and stripped from the start of a file: keep it as
			// a reference.
			w.out = append(w.out, "&#xFEFF;"...)
			i += size
			continue
		}
		if r < utf8.RuneSelf && w.needsEscape(byte(r), s, i, next) {
			w.out = append(w.out, '\\')
		}
		w.out = append(w.out, s[i:i+size]...)
		i += size
	}
}

// lineStartEscape writes the start of s escaped when it would begin a block
// at the start of a line (a heading, quote, list item, thematic break,
// setext underline or code fence), and returns how many bytes of s it
// wrote, or 0.
func (w *inlineWriter) lineStartEscape(s string) int {
	c := s[0]
	switch c {
	case '#', '>', '+', '=':
		w.out = append(w.out, '\\', c)
		return 1
	case '-', '*', '_':
		if len(s) == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == c || c == '*' {
			w.out = append(w.out, '\\', c)
			return 1
		}
	case '~':
		w.out = append(w.out, '\\', c)
		return 1
	}
	if c >= '0' && c <= '9' {
		j := 0
		for j < len(s) && j < 10 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j <= 9 && j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t') {
			w.out = append(w.out, s[:j]...)
			w.out = append(w.out, '\\', s[j])
			return j + 1
		}
	}
	return 0
}

// needsEscape reports whether the ASCII character c at s[i], followed by
// next, must be escaped.
func (w *inlineWriter) needsEscape(c byte, s string, i int, next rune) bool {
	switch c {
	case '\\':
		return next == 0 || next < utf8.RuneSelf && isMDPunct(next)
	case '`', '[', '|':
		return true
	case ']':
		return w.inLink
	case '*', '~':
		// Only a delimiter between two spaces can neither open nor close;
		// inside emphasis, the delimiters written around the text may
		// become its neighbours.
		return w.strong+w.em+w.strike > 0 || !(w.prevIsSpace() && isMDSpace(next) && next != 0)
	case '_':
		// Inside a word, an underscore is never emphasis.
		prev := w.prevRune()
		return !(isWordRune(prev) && isWordRune(next))
	case '<':
		return next == 0 || next == '/' || next == '!' || next == '?' || next < utf8.RuneSelf && isASCIILetter(byte(next))
	case '&':
		return isEntityStart(s[i+1:]) || i+1 == len(s)
	case '!':
		return next == '['
	}
	return false
}

func (w *inlineWriter) prevRune() rune {
	if len(w.out) == 0 || w.atLineStart() {
		return 0
	}
	r, _ := utf8.DecodeLastRune(w.out)
	return r
}

func (w *inlineWriter) prevIsSpace() bool {
	r := w.prevRune()
	return r == 0 || isMDSpace(r)
}

func isWordRune(r rune) bool {
	return r != 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isEntityStart reports whether s (what follows an &) would make an entity
// or numeric character reference: a name or # number, then ;.
func isEntityStart(s string) bool {
	i := 0
	if i < len(s) && s[i] == '#' {
		i++
	}
	start := i
	for i < len(s) && i < 40 && (s[i] >= '0' && s[i] <= '9' || isASCIILetter(s[i])) {
		i++
	}
	return i > start && i < len(s) && s[i] == ';'
}

// appendEscapedText escapes s as inline text, for a link's text.
func appendEscapedText(out []byte, s string, lineStart bool) []byte {
	w := inlineWriter{out: out, inLink: true, lineStart: -1}
	if lineStart {
		w.lineStart = len(out)
	}
	w.text(s, nil)
	return w.out
}
