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

// modelSkip reports the elements whose content is never text. A switch,
// not a map, so that the model pays as little as it can per element.
func modelSkip(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg,
		atom.Math, atom.Iframe, atom.Object, atom.Select, atom.Textarea, atom.Button:
		return true
	}
	return false
}

// modelBlock reports the elements that end a block.
func modelBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Li, atom.Ul, atom.Ol, atom.Blockquote, atom.Pre, atom.Table, atom.Tr,
		atom.Td, atom.Th, atom.Figure, atom.Figcaption, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Main, atom.Dl, atom.Dt,
		atom.Dd, atom.Hr, atom.Body:
		return true
	}
	return false
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
			if modelSkip(c.DataAtom) {
				continue
			}
			m.walk(c)
			if modelBlock(c.DataAtom) {
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
