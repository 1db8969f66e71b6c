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
	if !w.rawScanned {
		w.rawScanned = true
		w.rawPre, w.rawCode = scanRawElements(w.p.body)
	}
	if tag == atom.Code {
		return w.rawCode
	}
	return w.rawPre
}

// rawScan collects the source text of the elements of one tag.
type rawScan struct {
	tag        atom.Atom
	depth      int
	lit, plain strings.Builder
	first      bool // right after the start tag of a <pre>
	out        []rawElement
}

// scanRawElements tokenizes src once and returns the text of every <pre>
// and of every <code>.
func scanRawElements(src string) (pre, code []rawElement) {
	scans := [2]rawScan{{tag: atom.Pre}, {tag: atom.Code}}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		var a atom.Atom
		if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
			a = rawTagAtom(z.Raw())
		}
		for i := range scans {
			scans[i].token(z, tt, a)
		}
	}
	for i := range scans {
		if scans[i].depth > 0 {
			scans[i].end()
		}
	}
	return scans[0].out, scans[1].out
}

// token adds a token; a is its tag's atom (0 for an unknown name, and for
// tokens other than tags).
func (s *rawScan) token(z *html.Tokenizer, tt html.TokenType, a atom.Atom) {
	if s.depth == 0 {
		if tt == html.StartTagToken && a == s.tag {
			s.depth = 1
			s.lit.Reset()
			s.plain.Reset()
			s.first = s.tag == atom.Pre
		}
		return
	}
	first := s.first
	s.first = false
	switch tt {
	case html.TextToken:
		t := z.Text()
		if first && len(t) > 0 && t[0] == '\n' {
			t = t[1:]
		}
		s.lit.Write(t)
		s.plain.Write(t)
	case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
		switch {
		case a == s.tag && tt == html.StartTagToken:
			s.depth++
		case a == s.tag && tt == html.EndTagToken:
			s.depth--
			if s.depth == 0 {
				s.end()
			}
		case a == 0:
			s.lit.Write(z.Raw())
		case a == atom.Br && tt != html.EndTagToken:
			s.lit.WriteByte('\n')
			s.plain.WriteByte('\n')
		}
	}
}

// end records the element being read: at its end tag, or at the end of the
// source.
func (s *rawScan) end() {
	s.out = append(s.out, rawElement{literal: s.lit.String(), plain: s.plain.String()})
	s.depth = 0
	s.lit.Reset()
	s.plain.Reset()
}

// rawTagAtom returns the atom of the tag whose source is raw ("<Pre
// class=x>", "</code>"), or 0 for an unknown name. It reads the name from
// the source, as the tokenizer does, without the copy that TagName makes.
func rawTagAtom(raw []byte) atom.Atom {
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	var buf [32]byte // longer than any atom's name (25 bytes): a longer one is unknown
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return 0
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}
