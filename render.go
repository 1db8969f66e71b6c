package article

import (
	"strconv"
	"strings"

	"golang.org/x/net/html/atom"
)

// HTML returns the article as canonical clean HTML, built from its blocks:
// one element per block (<p>, <h1>–<h6>, <ul>/<ol>, <blockquote>,
// <pre><code>, <figure><img><figcaption>, <table>, <hr>), separated by
// newlines. Only the elements and attributes of the default Policy appear;
// images carry loading="lazy" and referrerpolicy="no-referrer", and links
// rel="nofollow noopener noreferrer".
//
// Block.HTML is written as it is: Parse makes it safe. Code that sets
// Block.HTML itself should pass it through Sanitize.
func (a *Article) HTML() string {
	var b strings.Builder
	for i := range a.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeBlockHTML(&b, &a.Blocks[i])
	}
	return b.String()
}

func writeBlockHTML(b *strings.Builder, blk *Block) {
	switch blk.Type {
	case Paragraph:
		b.WriteString("<p>")
		writeInline(b, blk)
		b.WriteString("</p>")
	case Heading:
		lvl := blk.Level
		if lvl < 1 || lvl > 6 {
			lvl = 2
		}
		tag := headingAtoms[lvl-1]
		writeStartTag(b, tag)
		writeInline(b, blk)
		writeEndTag(b, tag)
	case List:
		writeList(b, blk)
	case Quote:
		b.WriteString("<blockquote>")
		if blk.HTML != "" {
			b.WriteString(blk.HTML)
		} else {
			for _, para := range strings.Split(blk.Text, "\n\n") {
				b.WriteString("<p>")
				escapeText(b, para)
				b.WriteString("</p>")
			}
		}
		b.WriteString("</blockquote>")
	case Code:
		b.WriteString("<pre><code")
		if l := cleanLang(blk.Lang); l != "" {
			b.WriteString(` class="language-`)
			escapeText(b, l)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		escapeText(b, blk.Text)
		b.WriteString("</code></pre>")
	case ImageType:
		if blk.Image != nil {
			writeFigure(b, blk.Image)
		}
	case Table:
		writeTable(b, blk.Rows)
	case Embed:
		b.WriteString("<figure>")
		if blk.HTML != "" {
			b.WriteString(blk.HTML)
		} else {
			writeLink(b, blk.URL, "", blk.URL)
		}
		b.WriteString("</figure>")
	case Rule:
		b.WriteString("<hr>")
	}
}

var headingAtoms = [6]atom.Atom{atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6}

func writeInline(b *strings.Builder, blk *Block) {
	if blk.HTML != "" {
		b.WriteString(blk.HTML)
		return
	}
	escapeText(b, blk.Text)
}

// writeList renders a list, rebuilding nested lists from the items' depths.
// An item is at most one level deeper than the one before it.
func writeList(b *strings.Builder, blk *Block) {
	type level struct{ ordered, liOpen bool }
	var stack []level
	push := func(ordered bool) {
		if ordered {
			b.WriteString("<ol>")
		} else {
			b.WriteString("<ul>")
		}
		stack = append(stack, level{ordered: ordered})
	}
	pop := func() {
		top := stack[len(stack)-1]
		if top.liOpen {
			b.WriteString("</li>")
		}
		if top.ordered {
			b.WriteString("</ol>")
		} else {
			b.WriteString("</ul>")
		}
		stack = stack[:len(stack)-1]
	}
	push(blk.Ordered)
	for _, it := range blk.Items {
		d := min(max(it.Depth, 0), len(stack))
		for len(stack) > d+1 {
			pop()
		}
		if len(stack) == d+1 {
			if top := &stack[len(stack)-1]; top.liOpen {
				b.WriteString("</li>")
				top.liOpen = false
			}
		} else {
			push(it.Ordered)
		}
		b.WriteString("<li>")
		stack[len(stack)-1].liOpen = true
		if it.HTML != "" {
			b.WriteString(it.HTML)
		} else {
			escapeText(b, it.Text)
		}
	}
	for len(stack) > 0 {
		pop()
	}
}

func writeFigure(b *strings.Builder, im *Image) {
	b.WriteString("<figure>")
	if im.Link != "" {
		writeLinkStart(b, im.Link, "")
	}
	writeImg(b, im.URL, im.Alt, im.Title, im.Width, im.Height)
	if im.Link != "" {
		b.WriteString("</a>")
	}
	if im.Caption != "" {
		b.WriteString("<figcaption>")
		escapeText(b, im.Caption)
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>")
}

func writeTable(b *strings.Builder, rows [][]string) {
	b.WriteString("<table><tbody>")
	for _, row := range rows {
		b.WriteString("<tr>")
		for _, cell := range row {
			b.WriteString("<td>")
			escapeText(b, cell)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
}

// stringWriter is what the small writers below write to: a
// strings.Builder for rendered articles, a bytes.Buffer for the walk's runs.
type stringWriter interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// --- elements with attributes, in canonical attribute order ---

const linkRel = "nofollow noopener noreferrer"

func writeLinkStart(b stringWriter, href, title string) {
	b.WriteString("<a")
	if href != "" {
		writeAttr(b, "href", href)
	}
	if title != "" {
		writeAttr(b, "title", title)
	}
	writeAttr(b, "rel", linkRel)
	b.WriteByte('>')
}

func writeLink(b *strings.Builder, href, title, text string) {
	writeLinkStart(b, href, title)
	escapeText(b, text)
	b.WriteString("</a>")
}

func writeImg(b *strings.Builder, src, alt, title string, width, height int) {
	writeImgSet(b, src, "", alt, title, width, height)
}

// writeImgSet is writeImg with a srcset, which the caller has checked.
func writeImgSet(b *strings.Builder, src, srcset, alt, title string, width, height int) {
	b.WriteString("<img")
	if src != "" {
		writeAttr(b, "src", src)
	}
	if srcset != "" {
		writeAttr(b, "srcset", srcset)
	}
	if alt != "" {
		writeAttr(b, "alt", alt)
	}
	if title != "" {
		writeAttr(b, "title", title)
	}
	if width > 0 {
		writeAttr(b, "width", strconv.Itoa(width))
	}
	if height > 0 {
		writeAttr(b, "height", strconv.Itoa(height))
	}
	writeAttr(b, "loading", "lazy")
	writeAttr(b, "referrerpolicy", "no-referrer")
	b.WriteByte('>')
}

// iframeSandbox lets an embedded player run its scripts in its own origin;
// it cannot reach the page around it, navigate it, or open forms.
const iframeSandbox = "allow-scripts allow-same-origin allow-popups allow-presentation"

func writeIframe(b *strings.Builder, src, title string) {
	b.WriteString("<iframe")
	writeAttr(b, "src", src)
	if title != "" {
		writeAttr(b, "title", title)
	}
	writeAttr(b, "sandbox", iframeSandbox)
	writeAttr(b, "allowfullscreen", "")
	writeAttr(b, "loading", "lazy")
	writeAttr(b, "referrerpolicy", "no-referrer")
	b.WriteString("></iframe>")
}

func writeMedia(b *strings.Builder, tag atom.Atom, src, title string) {
	writeMediaPoster(b, tag, src, "", title)
}

// writeMediaPoster is writeMedia with a poster image, which the caller has
// checked.
func writeMediaPoster(b *strings.Builder, tag atom.Atom, src, poster, title string) {
	b.WriteByte('<')
	b.WriteString(tag.String())
	writeAttr(b, "src", src)
	if poster != "" {
		writeAttr(b, "poster", poster)
	}
	if title != "" {
		writeAttr(b, "title", title)
	}
	writeAttr(b, "controls", "")
	writeAttr(b, "preload", "none")
	b.WriteString("></")
	b.WriteString(tag.String())
	b.WriteByte('>')
}

// renderEmbed renders an embed: an iframe from an allowed host (YouTube
// through youtube-nocookie), a video or audio element, or else a link.
func renderEmbed(tag atom.Atom, src, title string, pol *Policy) string {
	var b strings.Builder
	switch tag {
	case atom.Video, atom.Audio:
		writeMedia(&b, tag, src, title)
	default:
		if embed, ok := pol.embedURL(src); ok {
			writeIframe(&b, embed, title)
		} else {
			text := title
			if text == "" {
				text = src
			}
			writeLink(&b, src, "", text)
		}
	}
	return b.String()
}

// writeInlineStart writes the start tag of an inline frame.
func writeInlineStart(b stringWriter, f *inlineFrame) {
	if f.tag == atom.A {
		writeLinkStart(b, f.href, f.title)
		return
	}
	b.WriteByte('<')
	b.WriteString(f.tag.String())
	if f.title != "" {
		writeAttr(b, "title", f.title)
	}
	b.WriteByte('>')
}

// writeTitled writes the start tag of an <abbr> or <dfn>, with its title.
func writeTitled(b stringWriter, tag atom.Atom, title string) {
	b.WriteByte('<')
	b.WriteString(tag.String())
	if title != "" {
		writeAttr(b, "title", title)
	}
	b.WriteByte('>')
}

// writeCited writes the start tag of a <blockquote>, <q>, <del> or <ins>,
// with its cite URL, which the caller has checked.
func writeCited(b stringWriter, tag atom.Atom, cite string) {
	b.WriteByte('<')
	b.WriteString(tag.String())
	if cite != "" {
		writeAttr(b, "cite", cite)
	}
	b.WriteByte('>')
}

func writeStartTag(b stringWriter, tag atom.Atom) {
	b.WriteByte('<')
	b.WriteString(tag.String())
	b.WriteByte('>')
}

func writeEndTag(b stringWriter, tag atom.Atom) {
	b.WriteString("</")
	b.WriteString(tag.String())
	b.WriteByte('>')
}

// writeAttr writes ` key="value"`, or ` key` for an empty value.
func writeAttr(b stringWriter, key, val string) {
	b.WriteByte(' ')
	b.WriteString(key)
	if val == "" && (key == "allowfullscreen" || key == "controls") {
		return
	}
	b.WriteString(`="`)
	escapeText(b, val)
	b.WriteByte('"')
}

// cleanLang keeps a code language only if it is a plain name.
func cleanLang(l string) string {
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '+' || c == '#' || c == '_' || c == '.') {
			return ""
		}
	}
	if len(l) > 32 {
		return ""
	}
	return l
}

// escapeText writes s with &, <, >, ", ' and carriage return escaped, as
// html.Render does: a raw carriage return would be read back as a line
// feed. Text with nothing to escape is written in one call.
func escapeText(b stringWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !needsEscapeHTML[s[i]] {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(htmlEscapes[s[i]])
		last = i + 1
	}
	b.WriteString(s[last:])
}

var needsEscapeHTML = [256]bool{'&': true, '<': true, '>': true, '"': true, '\'': true, '\r': true}

var htmlEscapes = [256]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '"': "&#34;", '\'': "&#39;", '\r': "&#13;"}

func escapeString(s string) string {
	var b strings.Builder
	escapeText(&b, s)
	return b.String()
}

// Text returns the article's plain text: the text of each block, separated by
// a blank line. List items are one per line, indented two spaces a level;
// table cells are separated by tabs; image blocks give their caption.
func (a *Article) Text() string {
	var b strings.Builder
	for i := range a.Blocks {
		blk := &a.Blocks[i]
		if !hasText(blk) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		writeBlockText(&b, blk)
	}
	return b.String()
}

func hasText(blk *Block) bool {
	switch blk.Type {
	case List:
		return len(blk.Items) > 0
	case Table:
		return len(blk.Rows) > 0
	case Rule:
		return false
	}
	return blk.Text != ""
}

func writeBlockText(b *strings.Builder, blk *Block) {
	switch blk.Type {
	case List:
		for i, it := range blk.Items {
			if i > 0 {
				b.WriteByte('\n')
			}
			for d := 0; d < it.Depth; d++ {
				b.WriteString("  ")
			}
			b.WriteString(it.Text)
		}
	case Table:
		for i, row := range blk.Rows {
			if i > 0 {
				b.WriteByte('\n')
			}
			for j, cell := range row {
				if j > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(cell)
			}
		}
	default:
		b.WriteString(blk.Text)
	}
}
