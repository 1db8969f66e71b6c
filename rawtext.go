package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Code often holds markup that its author meant as text: Maven XML in a
// <pre>, List<String> in a Java snippet. The HTML parser turns it into
// elements, and the tag text is lost from the tree. The source still has it,
// so for a <pre> or <code> whose tree holds elements of unknown names, the
// walk recovers the text from a tokenizer pass over the source: tags of
// known HTML elements are markup (a <br> is a newline), and tags of unknown
// names are text, exactly as written.
//
// The tokenizer does not see the tree, so each recovered element is matched
// to its tree element by its text without the unknown tags, which must be
// equal. A mismatch keeps the tree's text.

// rawElement is the source text of one <pre> or <code>.
type rawElement struct {
	literal string // the text as written, unknown tags included
	plain   string // the text as the tree has it
	used    bool
}

// recoverRaw returns the source text of the tree element n (a <pre> or a
// <code>).
func (w *walker) recoverRaw(tag atom.Atom, n *html.Node) (string, bool) {
	var b strings.Builder
	preText(&b, n)
	treeText := b.String()
	list := w.rawElements(tag)
	for i := range list {
		if !list[i].used && list[i].plain == treeText {
			list[i].used = true
			return list[i].literal, true
		}
	}
	return "", false
}

func (w *walker) rawElements(tag atom.Atom) []rawElement {
	bit := uint8(1)
	list := &w.rawPre
	if tag == atom.Code {
		bit, list = 2, &w.rawCode
	}
	if w.rawScanned&bit == 0 {
		w.rawScanned |= bit
		*list = scanRawElements(w.p.body, tag)
	}
	return *list
}

// scanRawElements tokenizes src and returns the text of every element tag.
func scanRawElements(src string, tag atom.Atom) []rawElement {
	var out []rawElement
	z := html.NewTokenizer(strings.NewReader(src))
	depth := 0
	var lit, plain strings.Builder
	first := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if depth == 0 {
			if tt == html.StartTagToken {
				name, _ := z.TagName()
				if atom.Lookup(name) == tag {
					depth = 1
					lit.Reset()
					plain.Reset()
					first = tag == atom.Pre
				}
			}
			continue
		}
		switch tt {
		case html.TextToken:
			t := string(z.Text())
			if first && strings.HasPrefix(t, "\n") {
				t = t[1:]
			}
			lit.WriteString(t)
			plain.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == tag && tt == html.StartTagToken:
				depth++
			case a == tag && tt == html.EndTagToken:
				depth--
				if depth == 0 {
					out = append(out, rawElement{literal: lit.String(), plain: plain.String()})
					continue
				}
			case a == 0:
				lit.Write(z.Raw())
			case a == atom.Br && tt != html.EndTagToken:
				lit.WriteByte('\n')
				plain.WriteByte('\n')
			}
		}
		first = false
	}
	if depth > 0 {
		out = append(out, rawElement{literal: lit.String(), plain: plain.String()})
	}
	return out
}
