package article

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Policy decides what survives sanitizing. The zero value is the default
// policy; every HTML that article emits goes through it.
//
// The default policy keeps text, the structure of an article (paragraphs,
// headings, lists, quotes, code, tables, figures), inline formatting, links,
// images, and video and audio. Links may point to http, https and mailto
// URLs, or be relative; images (src and each srcset candidate), media
// (src, poster) and citations (cite) to http and https URLs, or relative
// ones. Links get rel="nofollow noopener noreferrer", images loading="lazy"
// and referrerpolicy="no-referrer". Iframes are kept only from EmbedHosts,
// always with a sandbox attribute. Everything else is dropped: scripts,
// styles, templates, forms and their controls, objects, frames, meta, link
// and base elements, SVG and MathML, event handlers, style and srcdoc
// attributes, and every attribute not named here. The package
// documentation's Security section says what the output guarantees.
//
// A Policy is safe for concurrent use once it is no longer modified.
type Policy struct {
	// EmbedHosts lists the hosts whose iframes are kept. A leading dot
	// matches any subdomain (".example.com"). Nil means DefaultEmbedHosts;
	// an empty, non-nil slice keeps no iframe.
	EmbedHosts []string
}

// DefaultEmbedHosts are the video and audio players whose iframes the
// default policy keeps. YouTube embeds are rewritten to
// www.youtube-nocookie.com.
var DefaultEmbedHosts = []string{
	"www.youtube.com", "youtube.com", "www.youtube-nocookie.com",
	"player.vimeo.com",
	"player.bilibili.com",
	"www.dailymotion.com", "geo.dailymotion.com",
	"w.soundcloud.com",
	"open.spotify.com",
}

var defaultPolicy Policy

// WithPolicy sets the Policy for the HTML that Parse emits: today, the hosts
// whose iframes become embedded players (other iframes become links). By
// default, Parse uses the zero Policy, with DefaultEmbedHosts. A nil Policy
// restores the default.
func WithPolicy(p *Policy) Option {
	return func(c *config) { c.policy = p }
}

func (p *Policy) hosts() []string {
	if p == nil || p.EmbedHosts == nil {
		return DefaultEmbedHosts
	}
	return p.EmbedHosts
}

// embedURL returns the URL to put in an iframe for src, and whether the
// policy allows it. src must be an absolute or scheme-relative http(s) URL
// whose host, as a browser reads it, is an embed host: it may hold no user
// info, and no backslash (a browser reads it as a slash, Go's URL parser
// does not, so "https://evil.example\\@www.youtube.com/" is evil.example).
func (p *Policy) embedURL(src string) (string, bool) {
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	if s := urlScheme(src); s != "https" && s != "http" || strings.IndexByte(src, '\\') >= 0 {
		return "", false
	}
	u, err := url.Parse(src)
	if err != nil || u.User != nil || u.Opaque != "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if !p.isEmbedHost(host) {
		return "", false
	}
	if host == "www.youtube.com" || host == "youtube.com" {
		u.Scheme, u.Host = "https", "www.youtube-nocookie.com"
		return u.String(), true
	}
	return src, true
}

func (p *Policy) isEmbedHost(host string) bool {
	if host == "" {
		return false
	}
	for _, h := range p.hosts() {
		if host == h || len(h) > 1 && h[0] == '.' && strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// Sanitize returns html with everything the default policy does not allow
// removed. See Policy.
func Sanitize(html string) string { return defaultPolicy.Sanitize(html) }

// Sanitize returns s with everything the policy does not allow removed.
//
// It parses s as a fragment of a <body> the way a browser does, with
// scripting off, and renders only the allowed nodes: text is escaped, and
// each kept element is written with the attributes the policy gives it,
// their values escaped. An element whose tag a browser would move when it
// parses the output (a list item directly in a list item, once the
// unknown element between them is gone) keeps its content but loses its
// tag, so that parsing the output again gives the same tree.
//
// Input nested deeper than the HTML parser accepts (512 elements) gives
// its text only, escaped.
func (p *Policy) Sanitize(s string) string {
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(s), bodyContext(), html.ParseOptionEnableScripting(false))
	var b strings.Builder
	b.Grow(len(s))
	if err != nil {
		// Too deep for the parser: keep the text only.
		escapeText(&b, tokenText(s))
		return b.String()
	}
	z := sanitizer{p: p, b: &b}
	for _, n := range nodes {
		z.render(n)
	}
	return b.String()
}

func bodyContext() *html.Node {
	return &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
}

// sanitizer renders the allowed nodes of a tree. It keeps the stack of the
// elements it has opened, to know how a browser will parse what it writes.
type sanitizer struct {
	p    *Policy
	b    *strings.Builder
	open []atom.Atom
	// preEnd is the length of b right after the last <pre> start tag: a
	// text written there that starts with a newline needs a second one.
	// Zero when there is none.
	preEnd int
}

func (z *sanitizer) render(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		z.text(n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	if n.Namespace != "" || sanitizeDropped[n.DataAtom] {
		return
	}
	a := n.DataAtom
	if !sanitizeAllowed[a] || !z.canOpen(a) {
		z.children(n)
		return
	}
	b := z.b
	switch a {
	case atom.A:
		href := sanitizeLink(getAttr(n, "href"))
		if href == "" {
			z.children(n)
			return
		}
		writeLinkStart(b, href, getAttr(n, "title"))
	case atom.Img:
		src := sanitizeMedia(getAttr(n, "src"))
		srcset := sanitizeSrcset(getAttr(n, "srcset"))
		if src == "" && srcset == "" {
			return
		}
		writeImgSet(b, src, srcset, getAttr(n, "alt"), getAttr(n, "title"), dimension(getAttr(n, "width")), dimension(getAttr(n, "height")))
		return
	case atom.Iframe:
		if src, ok := z.p.embedURL(sanitizeMedia(getAttr(n, "src"))); ok {
			writeIframe(b, src, getAttr(n, "title"))
		}
		return
	case atom.Video, atom.Audio:
		if src := sanitizeMedia(mediaSource(n)); src != "" {
			poster := ""
			if a == atom.Video {
				poster = sanitizeMedia(getAttr(n, "poster"))
			}
			writeMediaPoster(b, a, src, poster, getAttr(n, "title"))
		}
		return
	case atom.Br, atom.Hr:
		writeStartTag(b, a)
		return
	case atom.Code:
		b.WriteString("<code")
		if l, ok := strings.CutPrefix(getAttr(n, "class"), "language-"); ok && cleanLang(l) != "" {
			b.WriteString(` class="language-`)
			escapeText(b, l)
			b.WriteByte('"')
		}
		b.WriteByte('>')
	case atom.Abbr, atom.Dfn:
		writeTitled(b, a, getAttr(n, "title"))
	case atom.Blockquote, atom.Q, atom.Del, atom.Ins:
		writeCited(b, a, sanitizeMedia(getAttr(n, "cite")))
	default:
		writeStartTag(b, a)
	}
	z.open = append(z.open, a)
	if a == atom.Pre {
		z.preEnd = b.Len()
	}
	z.children(n)
	z.open = z.open[:len(z.open)-1]
	writeEndTag(b, a)
}

func (z *sanitizer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		z.render(c)
	}
}

// text writes a text node. The parser drops a newline right after <pre>,
// so a text that starts with one right there gets a second. "Right there"
// is measured on the output: elements dropped in between (an <a> without
// href) write nothing, and leave the text right after the tag.
func (z *sanitizer) text(s string) {
	if s == "" {
		return
	}
	if s[0] == '\n' && z.preEnd != 0 && z.b.Len() == z.preEnd {
		z.b.WriteByte('\n')
	}
	escapeText(z.b, s)
}

// mediaSource returns a <video> or <audio> element's src, or the src of its
// first <source>.
func mediaSource(n *html.Node) string {
	if src := getAttr(n, "src"); src != "" {
		return src
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Source {
			if src := getAttr(c, "src"); src != "" {
				return src
			}
		}
	}
	return ""
}

// canOpen reports whether a start tag for a, written with the open elements
// z.open, would be parsed as a child of the last of them. The parser's tree
// never breaks these rules, but dropping an element's tag can: a browser
// parses <p><marquee><h2> as an h2 inside the p, but <p><h2> as a p then
// an h2. The sanitizer keeps the content of such an element without its
// tag.
func (z *sanitizer) canOpen(a atom.Atom) bool {
	cur := atom.Atom(0)
	if len(z.open) > 0 {
		cur = z.open[len(z.open)-1]
	}
	switch cur {
	case atom.Table:
		return a == atom.Caption || a == atom.Tbody || a == atom.Thead || a == atom.Tfoot
	case atom.Tbody, atom.Thead, atom.Tfoot:
		return a == atom.Tr
	case atom.Tr:
		return a == atom.Td || a == atom.Th
	}
	switch a {
	case atom.Caption, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th:
		return false // outside their table parent
	case atom.A:
		return !z.inScope(atom.A, isMarker)
	case atom.Rt, atom.Rp:
		return !(z.inScope(atom.Ruby, isTableScope) && impliedEnd[cur])
	}
	if closesP[a] && z.inScope(atom.P, isTableScope) {
		return false
	}
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return !isHeading(cur)
	case atom.Li:
		return !z.inListScope(atom.Li, 0)
	case atom.Dd, atom.Dt:
		return !z.inListScope(atom.Dd, atom.Dt)
	}
	return true
}

// inScope reports whether an open element a comes before (from the
// innermost) any element for which stop reports true.
func (z *sanitizer) inScope(a atom.Atom, stop func(atom.Atom) bool) bool {
	for i := len(z.open) - 1; i >= 0; i-- {
		switch e := z.open[i]; {
		case e == a:
			return true
		case stop(e):
			return false
		}
	}
	return false
}

// inListScope is the check a parser makes for a <li>, <dd> or <dt> start
// tag: an open a1 or a2 that no special element other than <p> hides
// closes.
func (z *sanitizer) inListScope(a1, a2 atom.Atom) bool {
	for i := len(z.open) - 1; i >= 0; i-- {
		switch e := z.open[i]; {
		case e == a1 || e == a2 && a2 != 0:
			return true
		case e != atom.P && isSpecial[e]:
			return false
		}
	}
	return false
}

// isTableScope: the elements that bound the default and button scopes,
// among the ones the sanitizer writes.
func isTableScope(a atom.Atom) bool {
	return a == atom.Table || a == atom.Td || a == atom.Th || a == atom.Caption
}

// isMarker: the elements that put a marker in the list of active
// formatting elements, among the ones the sanitizer writes.
func isMarker(a atom.Atom) bool { return a == atom.Td || a == atom.Th || a == atom.Caption }

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// closesP lists the allowed elements whose start tag closes an open <p>.
var closesP = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Dl: true, atom.Dd: true, atom.Dt: true, atom.Table: true, atom.Hr: true,
	atom.Figure: true, atom.Figcaption: true,
}

// impliedEnd lists the allowed elements that a <rt> or <rp> start tag
// closes when a <ruby> is open.
var impliedEnd = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Rt: true, atom.Rp: true,
}

// isSpecial lists the allowed elements in the HTML standard's "special"
// category.
var isSpecial = map[atom.Atom]bool{
	atom.Blockquote: true, atom.Caption: true, atom.Dd: true, atom.Dl: true, atom.Dt: true,
	atom.Figcaption: true, atom.Figure: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Table: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true,
	atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true,
}

// sanitizeLink keeps an href with the http, https or mailto scheme, or a
// relative one. The value is the attribute as parsed, so character
// references are decoded; white space and control characters that a
// browser strips are stripped before the scheme is read.
func sanitizeLink(raw string) string {
	s := cleanURL(raw)
	if s == "" || hasControl(s) {
		return ""
	}
	switch urlScheme(s) {
	case "":
		if badRelative(s) {
			return ""
		}
		return s
	case "http", "https":
		return s
	case "mailto":
		if needsEscape(s) {
			return ""
		}
		return s
	}
	return ""
}

// sanitizeMedia keeps a src with the http or https scheme, or a relative
// one.
func sanitizeMedia(raw string) string {
	s := cleanURL(raw)
	if s == "" || hasControl(s) {
		return ""
	}
	switch urlScheme(s) {
	case "":
		if badRelative(s) {
			return ""
		}
		return s
	case "http", "https":
		return s
	}
	return ""
}

// badRelative reports whether s, a URL with no valid scheme, has a colon in
// its first path segment: "JAVASCR\u0130PT:x" or "java\ufffdscript:x".
// Browsers read such a URL as relative, but a program that folds case or
// drops characters could read a scheme in it. No sane relative URL looks
// like that (RFC 3986 writes it "./a:b").
func badRelative(s string) bool {
	i := strings.IndexAny(s, ":/?#")
	return i >= 0 && s[i] == ':'
}

// hasControl reports whether s holds an ASCII control character or DEL.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return true
		}
	}
	return false
}

// sanitizeSrcset keeps the candidates of a srcset whose URLs sanitizeMedia
// keeps, written in a canonical form: "url 640w, url 2x".
func sanitizeSrcset(raw string) string {
	if raw == "" {
		return ""
	}
	var b strings.Builder
	parseSrcset(raw, func(c srcsetCandidate) {
		u := sanitizeMedia(c.url)
		if u == "" || !srcsetSafeURL(u) {
			return
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(u)
		switch {
		case c.width > 0:
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(c.width))
			b.WriteByte('w')
		case c.density > 0:
			b.WriteByte(' ')
			b.WriteString(strconv.FormatFloat(c.density, 'g', -1, 64))
			b.WriteByte('x')
		}
	})
	return b.String()
}

// srcsetSafeURL reports whether u reads back as one srcset candidate URL,
// itself: cleaning (control characters removed) can leave a comma at its
// start or end, which a browser would take for a separator.
func srcsetSafeURL(u string) bool {
	return u[0] != ',' && u[len(u)-1] != ',' && strings.IndexAny(u, " \t\n\r\f") < 0
}

// sanitizeAllowed lists the elements the default policy keeps, with no
// attributes unless render gives them some.
var sanitizeAllowed = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Hr: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Code: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Th: true, atom.Td: true, atom.Caption: true,
	atom.Figure: true, atom.Figcaption: true,
	atom.A: true, atom.Img: true, atom.Iframe: true, atom.Video: true, atom.Audio: true,
	atom.B: true, atom.Strong: true, atom.I: true, atom.Em: true, atom.U: true,
	atom.S: true, atom.Del: true, atom.Ins: true, atom.Mark: true, atom.Small: true,
	atom.Sub: true, atom.Sup: true, atom.Kbd: true, atom.Samp: true, atom.Var: true,
	atom.Abbr: true, atom.Cite: true, atom.Q: true, atom.Dfn: true,
	atom.Ruby: true, atom.Rt: true, atom.Rp: true,
}

// sanitizeDropped lists the elements dropped with everything in them. The
// other elements that are not allowed lose their tag but keep their
// content.
var sanitizeDropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Base: true,
	atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Param: true,
	atom.Frame: true, atom.Frameset: true, atom.Noframes: true, atom.Noembed: true,
	atom.Input: true, atom.Button: true, atom.Select: true,
	atom.Option: true, atom.Optgroup: true, atom.Textarea: true, atom.Datalist: true,
	atom.Output: true, atom.Keygen: true, atom.Progress: true, atom.Meter: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Map: true, atom.Area: true,
	atom.Dialog: true, atom.Source: true, atom.Track: true,
}

// tokenText returns the text of s without its tags, from a tokenizer pass:
// for input too deep for the tree parser. The content of the dropped
// elements is left out; NUL bytes, which a parser drops, too.
func tokenText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	var skip atom.Atom
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.ReplaceAll(b.String(), "\x00", "")
		case html.TextToken:
			if depth == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case depth > 0:
				if a == skip && tt == html.StartTagToken {
					depth++
				} else if a == skip {
					depth--
				}
			case tt == html.StartTagToken && !isVoid(a) && (sanitizeDropped[a] || a == atom.Iframe):
				skip, depth = a, 1
			}
		}
	}
}
