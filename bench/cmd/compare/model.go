package main

import (
	"bytes"
	"strings"

	"github.com/articlekit/article"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// model is close to the least work that turns a body into blocks of text and HTML,
// a yardstick for what article.Parse costs over the floor: the floor's
// html.Parse, then one walk over the tree that skips what is never content,
// copies every text node into the block's text and, escaped, into its
// HTML, ends a block at every block-level element, and hands back an exact
// slice of article.Block. It keeps no inline tags, collapses no white
// space, sanitizes no attribute, finds no image or link, reads no front
// matter, and does no dedupe, statistics or excerpt: what article.Parse
// costs over the model is the cost of those.
func model(body []byte) ([]article.Block, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var m modelWalk
	m.walk(doc)
	m.flush()
	out := make([]article.Block, len(m.blocks))
	copy(out, m.blocks)
	return out, nil
}

// modelSkip holds the elements whose content is never text.
var modelSkip = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Template: true,
	atom.Noscript: true, atom.Svg: true, atom.Math: true, atom.Iframe: true,
	atom.Object: true, atom.Select: true, atom.Textarea: true, atom.Button: true,
}

// modelBlock holds the elements that end a block.
var modelBlock = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Figure: true,
	atom.Figcaption: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true,
	atom.Main: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Hr: true,
	atom.Body: true,
}

// modelWalk reuses its buffers from block to block, and copies each
// block's text and HTML out once, in one allocation.
type modelWalk struct {
	text, html bytes.Buffer
	blocks     []article.Block
}

func (m *modelWalk) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			m.text.WriteString(c.Data)
			escapeTo(&m.html, c.Data)
		case html.ElementNode:
			if modelSkip[c.DataAtom] {
				continue
			}
			m.walk(c)
			if modelBlock[c.DataAtom] {
				m.flush()
			}
		}
	}
}

func (m *modelWalk) flush() {
	if m.text.Len() == 0 {
		return
	}
	t, h := m.text.Len(), m.html.Len()
	var b strings.Builder
	b.Grow(t + h)
	b.Write(m.text.Bytes())
	b.Write(m.html.Bytes())
	s := b.String()
	m.blocks = append(m.blocks, article.Block{Type: article.Paragraph, Text: s[:t], HTML: s[t:]})
	m.text.Reset()
	m.html.Reset()
}

// escapeTo writes s to b with &, <, >, " and ' escaped, copying the runs
// between them whole.
func escapeTo(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var e string
		switch s[i] {
		case '&':
			e = "&amp;"
		case '<':
			e = "&lt;"
		case '>':
			e = "&gt;"
		case '"':
			e = "&#34;"
		case '\'':
			e = "&#39;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(e)
		last = i + 1
	}
	b.WriteString(s[last:])
}
