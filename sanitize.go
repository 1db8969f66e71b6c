package article

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Policy decides what survives sanitizing. The zero value is the default
// policy; every HTML that article emits goes through it.
//
// The default policy keeps text, the structure of an article (paragraphs,
// headings, lists, quotes, code, tables, figures), inline formatting, links
// and images. Links may point to http, https and mailto URLs, or be
// relative; images and media to http and https URLs. Links get
// rel="nofollow noopener noreferrer", images loading="lazy" and
// referrerpolicy="no-referrer". Iframes are kept only from EmbedHosts,
// always with a sandbox attribute. Everything else is dropped: scripts,
// styles, forms, objects, SVG and MathML, event handlers and style
// attributes, and every other attribute.
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

func (p *Policy) hosts() []string {
	if p == nil || p.EmbedHosts == nil {
		return DefaultEmbedHosts
	}
	return p.EmbedHosts
}

// embedURL returns the URL to put in an iframe for src, and whether the
// policy allows it.
func (p *Policy) embedURL(src string) (string, bool) {
	if urlScheme(src) != "https" && urlScheme(src) != "http" {
		return "", false
	}
	host := hostOf(src)
	allowed := false
	for _, h := range p.hosts() {
		if host == h || strings.HasPrefix(h, ".") && strings.HasSuffix(host, h) {
			allowed = true
			break
		}
	}
	if !allowed {
		return "", false
	}
	if host == "www.youtube.com" || host == "youtube.com" {
		if u, err := url.Parse(src); err == nil && strings.HasPrefix(u.Path, "/embed/") {
			u.Scheme, u.Host = "https", "www.youtube-nocookie.com"
			return u.String(), true
		}
	}
	return src, true
}

// Sanitize returns html with everything the default policy does not allow
// removed. See Policy.
func Sanitize(html string) string { return defaultPolicy.Sanitize(html) }

// Sanitize returns s with everything the policy does not allow removed. It
// parses s as a fragment of a <body>, the way a browser would, and renders
// only the allowed nodes, with their text escaped.
func (p *Policy) Sanitize(s string) string {
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(s), bodyContext(), html.ParseOptionEnableScripting(false))
	var b strings.Builder
	b.Grow(len(s))
	if err != nil {
		// Too deep for the parser: keep the text only.
		escapeText(&b, tokenText(s))
		return b.String()
	}
	for _, n := range nodes {
		p.render(&b, n)
	}
	return b.String()
}

func bodyContext() *html.Node {
	return &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
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

// sanitizeDropped lists the elements dropped with everything in them.
var sanitizeDropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Base: true,
	atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Param: true,
	atom.Frame: true, atom.Frameset: true, atom.Noframes: true, atom.Noembed: true,
	atom.Form: false, atom.Input: true, atom.Button: true, atom.Select: true,
	atom.Option: true, atom.Optgroup: true, atom.Textarea: true, atom.Datalist: true,
	atom.Output: true, atom.Keygen: true, atom.Progress: true, atom.Meter: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Map: true, atom.Area: true,
	atom.Xmp: false, atom.Plaintext: false, atom.Dialog: true, atom.Source: true, atom.Track: true,
}

func (p *Policy) render(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		escapeText(b, n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	if n.Namespace != "" || sanitizeDropped[n.DataAtom] {
		return
	}
	if !sanitizeAllowed[n.DataAtom] {
		p.renderChildren(b, n)
		return
	}
	switch n.DataAtom {
	case atom.A:
		href := sanitizeLink(getAttr(n, "href"))
		if href == "" {
			p.renderChildren(b, n)
			return
		}
		writeLinkStart(b, href, getAttr(n, "title"))
		p.renderChildren(b, n)
		b.WriteString("</a>")
	case atom.Img:
		src := sanitizeMedia(getAttr(n, "src"))
		if src == "" {
			return
		}
		writeImg(b, src, getAttr(n, "alt"), getAttr(n, "title"), dimension(getAttr(n, "width")), dimension(getAttr(n, "height")))
	case atom.Iframe:
		src, ok := p.embedURL(sanitizeMedia(getAttr(n, "src")))
		if !ok {
			return
		}
		writeIframe(b, src, getAttr(n, "title"))
	case atom.Video, atom.Audio:
		src := sanitizeMedia(getAttr(n, "src"))
		if src == "" {
			return
		}
		writeMedia(b, n.DataAtom, src, getAttr(n, "title"))
	case atom.Code:
		b.WriteString("<code")
		if l, ok := strings.CutPrefix(getAttr(n, "class"), "language-"); ok && cleanLang(l) != "" {
			b.WriteString(` class="language-`)
			escapeText(b, l)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		p.renderChildren(b, n)
		b.WriteString("</code>")
	case atom.Abbr, atom.Dfn:
		b.WriteByte('<')
		b.WriteString(n.Data)
		if t := getAttr(n, "title"); t != "" {
			writeAttr(b, "title", t)
		}
		b.WriteByte('>')
		p.renderChildren(b, n)
		writeEndTag(b, n.DataAtom)
	case atom.Br, atom.Hr:
		writeStartTag(b, n.DataAtom)
	default:
		writeStartTag(b, n.DataAtom)
		p.renderChildren(b, n)
		writeEndTag(b, n.DataAtom)
	}
}

func (p *Policy) renderChildren(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		p.render(b, c)
	}
}

// sanitizeLink keeps an href with the http, https or mailto scheme, or none.
func sanitizeLink(raw string) string {
	s := cleanURL(raw)
	if s == "" || needsEscape(s) && urlScheme(s) == "mailto" {
		return ""
	}
	switch urlScheme(s) {
	case "http", "https", "mailto", "":
		return s
	}
	return ""
}

// sanitizeMedia keeps a src with the http or https scheme, or none.
func sanitizeMedia(raw string) string {
	s := cleanURL(raw)
	if s == "" {
		return ""
	}
	switch urlScheme(s) {
	case "http", "https", "":
		return s
	}
	return ""
}

// tokenText returns the text of s without its tags, from a tokenizer pass:
// for input too deep for the tree parser.
func tokenText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == atom.Script || a == atom.Style {
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); (a == atom.Script || a == atom.Style) && skip > 0 {
				skip--
			}
		}
	}
}
