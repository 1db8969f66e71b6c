package article

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BodyFormat says how Parse reads the body that follows the front matter.
type BodyFormat uint8

// The body formats.
const (
	// BodyAuto reads the body as Markdown when it looks like Markdown, and
	// as HTML otherwise. See WithBodyFormat for the rules.
	BodyAuto BodyFormat = iota
	// BodyHTML reads the body as HTML.
	BodyHTML
	// BodyMarkdown reads the body as CommonMark with the GitHub extensions
	// (tables, strikethrough, autolinks, task lists). HTML inside it is
	// kept, and cleaned like any HTML body.
	BodyMarkdown
)

func (f BodyFormat) String() string {
	switch f {
	case BodyHTML:
		return "html"
	case BodyMarkdown:
		return "markdown"
	}
	return "auto"
}

// WithBodyFormat sets how the body is read. By default it is BodyAuto, or,
// for ParseFile, the format its extension names: .html and .htm are
// BodyHTML, and any other extension (.md, .markdown, …) is BodyAuto. An
// option given to ParseFile wins over the extension.
//
// BodyAuto reads the body as Markdown when, outside fenced code and outside
// the HTML blocks that CommonMark passes through unchanged (a line that
// starts with <div>, <p>, <pre>, a comment, … up to the next blank line), it
// finds more Markdown than HTML:
//
//   - Markdown, one point each: a line that is an ATX heading ("# Title"), a
//     code fence, a list item ("- ", "* ", "+ ", "1. ", "1) "), a quote
//     ("> "), a setext underline, a thematic break (but not on the first
//     line, where "---" is more likely a front matter fence left open), a
//     table delimiter row, or a link reference definition; and in a text
//     line, an inline link or image ("[text](url)", "![alt](url)"), an
//     autolink ("<https://…>"), emphasis ("*text*", "**text**", "_text_"),
//     strikethrough ("~~text~~"), a code span ("`code`"), a backslash escape
//     ("\*", "1\.") or a hard line break (a line ending in "\").
//   - HTML, one point each: an indented line that starts with a tag after a
//     blank line (Markdown would show it as code), and a text line that
//     closes a block element ("…</p>").
//
// So a scraped HTML body (all of it tags, or text inside tags) stays HTML
// even when its text holds "*", "#" or "1."; a Hexo or Jekyll post with
// Markdown syntax is Markdown even with inline HTML (<img>, <br>,
// <!-- more -->); and a whole HTML page (<!DOCTYPE html> or <html>) is
// always HTML. A body with neither is plain text, read as HTML, where each
// line is a paragraph.
func WithBodyFormat(f BodyFormat) Option {
	return func(c *config) {
		if f > BodyMarkdown {
			c.optionErrs = append(c.optionErrs, &Error{Field: "WithBodyFormat", Err: wrapOption("unknown body format %d", f)})
			return
		}
		c.bodyFormat = f
	}
}

// formatFromExt returns the body format a file name's extension makes clear.
func formatFromExt(path string) (BodyFormat, bool) {
	i := strings.LastIndexByte(path, '.')
	if i < 0 || strings.ContainsAny(path[i:], `/\`) {
		return BodyAuto, false
	}
	switch strings.ToLower(path[i+1:]) {
	case "html", "htm", "xhtml":
		return BodyHTML, true
	}
	return BodyAuto, false
}

// isMarkdownBody reports whether the body should be read as Markdown under
// the configured format.
func isMarkdownBody(body string, f BodyFormat) bool {
	switch f {
	case BodyHTML:
		return false
	case BodyMarkdown:
		return true
	}
	return looksLikeMarkdown(body)
}

var (
	markdownOnce sync.Once
	markdownConv goldmark.Markdown
)

// markdownToHTML renders a Markdown body to HTML with goldmark (CommonMark
// and the GitHub extensions). Raw HTML is kept: the walk cleans it like any
// other HTML body.
func markdownToHTML(body string) (out string, err error) {
	defer func() {
		// goldmark is fuzzed upstream; this keeps Parse's promise never to
		// panic on input should a case slip through.
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("goldmark: %v", r)
		}
	}()
	markdownOnce.Do(func() {
		markdownConv = goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
		)
	})
	var b bytes.Buffer
	b.Grow(len(body) + len(body)/4)
	if err := markdownConv.Convert([]byte(body), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

// --- detection ---

// htmlBlockKind is the CommonMark HTML block start condition a line meets
// (1–7), or 0.
type htmlBlockKind uint8

// looksLikeMarkdown scores the body's lines as CommonMark would see its
// block structure, and reports whether Markdown wins. See WithBodyFormat.
func looksLikeMarkdown(body string) bool {
	if isDocument(body) {
		return false
	}
	var htm int
	var signals []mdSignal
	var (
		inHTML    htmlBlockKind // the HTML block being continued
		fence     byte          // '`' or '~' while in a fenced code block
		fenceLen  int
		prevText  bool // the previous line was paragraph text
		prevBlank = true
		seenText  bool // a line outside HTML and code has been seen
	)
	for pos := 0; pos < len(body); {
		start := pos
		line, next := lineAt(body, pos)
		pos = next
		blank := isBlankLine(line)
		if fence != 0 {
			if s, ind := trimIndent(line); ind < 4 && closesFence(s, fence, fenceLen) {
				fence = 0
			}
			continue
		}
		if inHTML != 0 {
			if inHTML >= 6 {
				if blank {
					inHTML, prevBlank = 0, true
				}
			} else if endsHTMLBlock(line, inHTML) {
				inHTML = 0
			}
			continue
		}
		if blank {
			prevText, prevBlank = false, true
			continue
		}
		s, indent := trimIndent(line)
		if indent >= 4 {
			if !prevText && prevBlank && s != "" && s[0] == '<' {
				htm++ // indented HTML: Markdown would show it as code
			}
			prevBlank = false
			continue
		}
		prevBlank = false
		if s[0] == '<' {
			if k := htmlBlockStart(s, prevText); k != 0 {
				if k >= 6 || !endsHTMLBlock(s, k) {
					inHTML = k
				}
				prevText = false
				continue
			}
		}
		if c, n := fenceOpen(s); n > 0 {
			signals = append(signals, mdSignal{start, 1})
			fence, fenceLen, prevText = c, n, false
			continue
		}
		firstLine := !seenText
		seenText = true
		md := 0
		isText := true
		switch {
		case isATXHeading(s):
			md, isText = 1, false
		case isThematicBreak(s):
			// A --- on the first line is more likely a front matter
			// fence left open than a rule.
			if !firstLine {
				md = 1
			}
			isText = false
		case prevText && (isSetextUnderline(s) || isTableDelimiterRow(s)):
			md, isText = 1, false
		case s[0] == '>', isListMarker(s), isLinkDefinition(s):
			md = 1
		}
		if isText {
			md += inlineMarkdown(s)
			if closesBlockTag(s) {
				htm++
			}
		}
		if md > 0 {
			signals = append(signals, mdSignal{start, md})
		}
		prevText = isText
	}
	// Markdown inside an HTML element that is still open (text after a
	// blank line in a <div>) is HTML text that CommonMark would misread.
	md := 0
	for _, sg := range signals {
		md += sg.n
	}
	if md <= htm {
		return false
	}
	md = 0
	openBlocksAt(body, signals, func(sg mdSignal) { md += sg.n })
	return md > htm
}

// mdSignal is a line that holds n points of Markdown.
type mdSignal struct {
	pos, n int
}

// openBlocksAt scans the HTML tags of body up to the last signal, and calls
// f with each signal that lies outside every HTML container element.
func openBlocksAt(body string, signals []mdSignal, f func(mdSignal)) {
	depth := 0
	pOpen := false
	pos := 0
	for _, sg := range signals {
		for pos < sg.pos {
			i := strings.IndexByte(body[pos:sg.pos], '<')
			if i < 0 {
				pos = sg.pos
				break
			}
			pos += i + 1
			closing := pos < len(body) && body[pos] == '/'
			name := body[pos:]
			if closing {
				name = name[1:]
			}
			name = tagName(name)
			switch {
			case name == "p":
				pOpen = !closing
			case htmlContainers[name]:
				pOpen = false
				if closing {
					depth = max(depth-1, 0)
				} else {
					depth++
				}
			}
		}
		if depth == 0 && !pOpen {
			f(sg)
		}
	}
}

// htmlContainers are the block elements whose end tag is required, so that
// text after their start tag is inside them until it.
var htmlContainers = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"center": true, "details": true, "dialog": true, "div": true, "dl": true,
	"fieldset": true, "figure": true, "footer": true, "form": true, "header": true,
	"main": true, "menu": true, "nav": true, "ol": true, "pre": true, "search": true,
	"section": true, "table": true, "ul": true,
}

func isBlankLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' && s[i] != '\r' {
			return false
		}
	}
	return true
}

// trimIndent returns the line without its leading spaces and tabs, and the
// width of the indentation (a tab counts to the next multiple of 4).
func trimIndent(s string) (string, int) {
	w := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return s[i:], w
		}
	}
	return "", w
}

// fenceOpen returns the fence character and length when s opens a fenced
// code block.
func fenceOpen(s string) (byte, int) {
	if s == "" || (s[0] != '`' && s[0] != '~') {
		return 0, 0
	}
	c := s[0]
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	if n < 3 || c == '`' && strings.IndexByte(s[n:], '`') >= 0 {
		return 0, 0
	}
	return c, n
}

func closesFence(s string, c byte, n int) bool {
	i := 0
	for i < len(s) && s[i] == c {
		i++
	}
	return i >= n && isBlankLine(s[i:])
}

func isATXHeading(s string) bool {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}

// isThematicBreak reports whether s is three or more of the same of -, * or
// _, with optional spaces.
func isThematicBreak(s string) bool {
	if s == "" || (s[0] != '-' && s[0] != '*' && s[0] != '_') {
		return false
	}
	c, n := s[0], 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

func isSetextUnderline(s string) bool {
	if s == "" || (s[0] != '=' && s[0] != '-') {
		return false
	}
	i := 0
	for i < len(s) && s[i] == s[0] {
		i++
	}
	return isBlankLine(s[i:])
}

// isTableDelimiterRow reports whether s is a GFM table delimiter row such as
// "| --- | :-: |" or "---|---".
func isTableDelimiterRow(s string) bool {
	dashes, pipes := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-':
			dashes++
		case '|':
			pipes++
		case ':', ' ', '\t':
		default:
			return false
		}
	}
	return dashes > 0 && pipes > 0
}

// isListMarker reports whether s starts with a bullet ("- ", "* ", "+ ") or
// an ordered marker ("1. ", "1) ") followed by a space or the end of the
// line.
func isListMarker(s string) bool {
	i := 0
	switch {
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		i = 1
	case s[0] >= '0' && s[0] <= '9':
		for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == len(s) || (s[i] != '.' && s[i] != ')') {
			return false
		}
		i++
	default:
		return false
	}
	return i == len(s) || s[i] == ' ' || s[i] == '\t'
}

// isLinkDefinition reports whether s looks like "[label]: destination".
func isLinkDefinition(s string) bool {
	if s[0] != '[' || len(s) < 4 || s[1] == '^' {
		return false
	}
	i := strings.Index(s, "]:")
	return i > 1 && !strings.ContainsAny(s[1:i], "[]") && i+2 < len(s) && (s[i+2] == ' ' || s[i+2] == '\t')
}

// inlineMarkdown counts the inline Markdown constructs of a text line:
// links and images, autolinks, emphasis, strikethrough, code spans,
// backslash escapes and a trailing hard line break. Each kind counts at most
// once a line.
func inlineMarkdown(s string) int {
	n := 0
	if i := strings.Index(s, "]("); i > 0 && strings.LastIndexByte(s[:i], '[') >= 0 && strings.IndexByte(s[i+2:], ')') >= 0 {
		n++
	}
	if strings.Contains(s, "<http://") || strings.Contains(s, "<https://") || strings.Contains(s, "<mailto:") {
		n++
	}
	if hasEmphasis(s, '*') || hasEmphasis(s, '_') || hasPairedDelimiter(s, "~~") {
		n++
	}
	if i := strings.IndexByte(s, '`'); i >= 0 {
		if j := strings.IndexByte(s[i+1:], '`'); j > 0 {
			n++
		}
	}
	if hasEscape(s) {
		n++
	}
	if strings.HasSuffix(s, "\\") {
		n++
	}
	return n
}

// hasPairedDelimiter reports whether s holds d, non-space text, and d again.
func hasPairedDelimiter(s, d string) bool {
	i := strings.Index(s, d)
	if i < 0 || i+len(d) >= len(s) || s[i+len(d)] == ' ' {
		return false
	}
	j := strings.Index(s[i+len(d):], d)
	return j > 0 && s[i+len(d)+j-1] != ' '
}

// hasEmphasis reports whether s holds c (* or _) at the start of a word,
// text, and c at the end of a word: "*this*", "**this**", "_this_".
func hasEmphasis(s string, c byte) bool {
	for i := strings.IndexByte(s, c); i >= 0 && i < len(s); {
		if i > 0 && (s[i-1] == c || s[i-1] == '\\' || isASCIIWordByte(s[i-1])) {
			i = nextByte(s, c, i+1)
			continue
		}
		j := i
		for j < len(s) && s[j] == c {
			j++
		}
		if run := j - i; j < len(s) && s[j] != ' ' && s[j] != '\t' && run <= 3 {
			for k := nextByte(s, c, j+1); k >= 0 && k+run <= len(s); k = nextByte(s, c, k+1) {
				if s[k:k+run] == s[i:j] && s[k-1] != ' ' && s[k-1] != '\\' &&
					(k+run == len(s) || !isASCIIWordByte(s[k+run]) && s[k+run] != c) {
					return true
				}
			}
		}
		i = nextByte(s, c, j)
	}
	return false
}

// nextByte returns the index of the first c in s at or after from, or -1.
func nextByte(s string, c byte, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

func isASCIIWordByte(c byte) bool {
	return c >= '0' && c <= '9' || isASCIILetter(c)
}

// hasEscape reports whether s holds a backslash escape that Markdown
// writers use: before *, _, `, [, ], |, <, >, ~, &, !, or a backslash, or
// at the start of the line before #, -, +, = or the . or ) of "1.". A
// backslash before other punctuation (a regular expression, a Windows path)
// does not count.
func hasEscape(s string) bool {
	if len(s) > 1 && s[0] == '\\' {
		switch s[1] {
		case '#', '-', '+', '=':
			return true
		}
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < 10 &&
		strings.HasPrefix(s[i:], "\\") && len(s) > i+1 && (s[i+1] == '.' || s[i+1] == ')') {
		return true
	}
	for i := strings.IndexByte(s, '\\'); i >= 0 && i+1 < len(s); i = nextByte(s, '\\', i+2) {
		if isEscapable(s[i+1]) {
			return true
		}
		// i+1 is escaped: an escaped backslash does not escape what follows
	}
	return false
}

// isEscapable reports whether c is a character that Markdown writers escape
// with a backslash anywhere in a line.
func isEscapable(c byte) bool {
	switch c {
	case '*', '_', '`', '[', ']', '|', '<', '>', '~', '&', '!', '\\':
		return true
	}
	return false
}

// closesBlockTag reports whether a text line holds the end tag of a block
// element, as HTML written with its text on its own lines does.
func closesBlockTag(s string) bool {
	for i := strings.Index(s, "</"); i >= 0; {
		name := tagName(s[i+2:])
		if htmlBlockNames[name] {
			return true
		}
		j := strings.Index(s[i+2:], "</")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}

// tagName returns the lower-cased ASCII tag name at the start of s, or "".
// It does not allocate for names of up to 16 bytes that are lower case.
func tagName(s string) string {
	n := 0
	lower := true
	for n < len(s) && n < 16 {
		c := s[n]
		switch {
		case c >= 'a' && c <= 'z', n > 0 && c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			lower = false
		default:
			goto done
		}
		n++
	}
done:
	if n == 0 {
		return ""
	}
	if lower {
		return s[:n]
	}
	return strings.ToLower(s[:n])
}

// htmlBlockStart returns the CommonMark HTML block start condition that the
// line s (without indentation, starting with '<') meets. Condition 7 (any
// other complete tag alone on its line) cannot interrupt a paragraph.
func htmlBlockStart(s string, inParagraph bool) htmlBlockKind {
	switch {
	case strings.HasPrefix(s, "<!--"):
		return 2
	case strings.HasPrefix(s, "<?"):
		return 3
	case strings.HasPrefix(s, "<![CDATA["):
		return 5
	case len(s) > 2 && s[1] == '!' && isASCIILetter(s[2]):
		return 4
	}
	closing := strings.HasPrefix(s, "</")
	rest := s[1:]
	if closing {
		rest = s[2:]
	}
	name := tagName(rest)
	if name == "" {
		return 0
	}
	after := rest[len(name):]
	endsName := after == "" || after[0] == ' ' || after[0] == '\t' || after[0] == '>' || strings.HasPrefix(after, "/>")
	if !closing && endsName && (name == "pre" || name == "script" || name == "style" || name == "textarea") {
		return 1
	}
	if endsName && htmlBlockNames[name] {
		return 6
	}
	if !inParagraph && endsName {
		if end := strings.IndexByte(after, '>'); end >= 0 && isBlankLine(after[end+1:]) && !strings.ContainsAny(after[:end], "<\n") {
			return 7
		}
	}
	return 0
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// endsHTMLBlock reports whether the line ends an HTML block of kind k (1–5).
func endsHTMLBlock(line string, k htmlBlockKind) bool {
	switch k {
	case 1:
		return containsTagFold(line, "</pre>") || containsTagFold(line, "</script>") ||
			containsTagFold(line, "</style>") || containsTagFold(line, "</textarea>")
	case 2:
		return strings.Contains(line, "-->")
	case 3:
		return strings.Contains(line, "?>")
	case 4:
		return strings.IndexByte(line, '>') >= 0
	case 5:
		return strings.Contains(line, "]]>")
	}
	return false
}

// containsTagFold reports whether s contains the lower-case ASCII tag substr,
// ignoring the case of s.
func containsTagFold(s, substr string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+len(substr) <= len(s); {
		if strings.EqualFold(s[i:i+len(substr)], substr) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// htmlBlockNames are the tag names of CommonMark's HTML block start
// condition 6.
var htmlBlockNames = map[string]bool{
	"address": true, "article": true, "aside": true, "base": true, "basefont": true,
	"blockquote": true, "body": true, "caption": true, "center": true, "col": true,
	"colgroup": true, "dd": true, "details": true, "dialog": true, "dir": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "frame": true, "frameset": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"head": true, "header": true, "hr": true, "html": true, "iframe": true,
	"legend": true, "li": true, "link": true, "main": true, "menu": true,
	"menuitem": true, "nav": true, "noframes": true, "ol": true, "optgroup": true,
	"option": true, "p": true, "param": true, "search": true, "section": true,
	"summary": true, "table": true, "tbody": true, "td": true, "tfoot": true,
	"th": true, "thead": true, "title": true, "tr": true, "track": true, "ul": true,
}

// isEmphasisCaption reports whether n is an <em> or <i> that ends its
// paragraph right after an image, with only white space or a <br> between:
// the caption line Markdown writers put under a photo ("![alt](src)" then
// "*caption*"), which Article.Markdown writes too.
func isEmphasisCaption(n *html.Node) bool {
	if n.DataAtom != atom.Em && n.DataAtom != atom.I {
		return false
	}
	if p := n.Parent; p == nil || p.DataAtom != atom.P {
		return false
	}
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if !isBlankNode(s) {
			return false
		}
	}
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		switch {
		case isBlankNode(s):
			continue
		case s.Type != html.ElementNode:
			return false
		case s.DataAtom == atom.Img:
			return true
		case s.DataAtom == atom.A:
			return findElement(s, atom.Img) != nil && strings.TrimSpace(nodeText(s)) == ""
		}
		return false
	}
	return false
}

// isBlankNode reports whether n is white space, a comment or a <br>.
func isBlankNode(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return strings.TrimSpace(n.Data) == ""
	case html.CommentNode:
		return true
	case html.ElementNode:
		return n.DataAtom == atom.Br
	}
	return false
}

// markdownBody returns the body as HTML: rendered from Markdown when the
// body format says it is Markdown, or as it is.
func (p *parser) markdownBody(body string) string {
	if strings.TrimSpace(body) == "" || !isMarkdownBody(body, p.cfg.bodyFormat) {
		return body
	}
	h, err := markdownToHTML(body)
	if err != nil {
		p.warnCode(WarnMarkdown, "the Markdown body cannot be rendered ("+err.Error()+"); read as HTML")
		return body
	}
	return h
}
