package article

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Parse reads a post from r and returns its Article.
//
// A post is front matter (YAML between --- lines, TOML between +++ lines, or
// JSON between ;;; lines or as a leading {…} object) followed by an HTML
// or Markdown body (see WithBodyFormat). Either part may be missing. Parse never fails on malformed content:
// it returns an Article with Warnings. It returns an error (an *Error) only
// when reading fails, when the input is larger than the limit (ErrTooLarge),
// when an option is invalid (ErrOption), and, with WithStrict, when the
// input would have produced a warning (ErrMalformed).
//
// Parse is safe for concurrent use.
func Parse(r io.Reader, opts ...Option) (*Article, error) {
	cfg := newConfig(opts)
	if err := cfg.err(); err != nil {
		return nil, err
	}
	b, err := readLimited(r, cfg.maxBytes)
	if err != nil {
		return nil, err
	}
	return parse(b, &cfg)
}

// ParseBytes is Parse for a post already in memory. It does not keep b.
func ParseBytes(b []byte, opts ...Option) (*Article, error) {
	cfg := newConfig(opts)
	if err := cfg.err(); err != nil {
		return nil, err
	}
	if int64(len(b)) > cfg.maxBytes {
		return nil, &Error{Err: ErrTooLarge}
	}
	return parse(b, &cfg)
}

// ParseFile is Parse for the post in the named file. Its errors carry the
// path. The extension sets the body format (.html and .htm are HTML; see
// WithBodyFormat), unless an option sets it.
func ParseFile(path string, opts ...Option) (*Article, error) {
	if f, ok := formatFromExt(path); ok {
		opts = append([]Option{WithBodyFormat(f)}, opts...)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	defer f.Close()
	a, err := Parse(f, opts...)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = path
			return nil, e
		}
		return nil, &Error{Path: path, Err: err}
	}
	return a, nil
}

func (c *config) err() error {
	if len(c.optionErrs) > 0 {
		return c.optionErrs[0]
	}
	return nil
}

func wrapOption(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrOption}, args...)...)
}

// parser holds the state of one Parse.
type parser struct {
	cfg      *config
	a        *Article
	base     *url.URL
	body     string // the HTML body, for recovering raw code text
	bodyLine int    // the 1-based line the body starts on
	more     int    // the number of blocks before <!-- more -->, or -1

	// Image URLs resolved so far, for imageURL. They hold for p.base.
	coverURL   urlMemo
	recentURLs [4]urlMemo
	nextURL    int
}

func (p *parser) warn(w Warning) {
	// Decoder errors quote the input cut at a byte count, which can split
	// a rune: a message must stay valid UTF-8 to round-trip through JSON.
	w.Message = strings.ToValidUTF8(w.Message, "\uFFFD")
	p.a.Warnings = append(p.a.Warnings, w)
}

func (p *parser) warnCode(code WarningCode, msg string) {
	p.warn(Warning{Code: code, Message: msg})
}

func (p *parser) policy() *Policy {
	if p.cfg.policy != nil {
		return p.cfg.policy
	}
	return &defaultPolicy
}

func parse(b []byte, cfg *config) (*Article, error) {
	p := newParser(cfg)
	a := p.a
	text := decodeInput(b, cfg, p.warnCode)
	body, bodyLine, coverRaw := p.frontMatter(text)
	body = strings.TrimPrefix(body, "\ufeff")
	body = p.markdownBody(body)
	p.body, p.bodyLine = body, bodyLine
	p.setBase(cfg.baseURL, "")
	if p.base == nil && a.Link != "" {
		p.setBase(a.Link, "")
	}
	if coverRaw != "" {
		u, src, ok := p.resolveImageURL(coverRaw)
		p.coverURL = urlMemo{raw: coverRaw, u: u, source: src, ok: ok, set: true}
	}
	p.parseBody(body)
	p.dedupe()
	p.setExcerpt()
	p.collectImages()
	p.setCover(coverRaw)

	if cfg.strict {
		for _, w := range a.Warnings {
			if w.Code != WarnCharset && w.Code != WarnDuplicate {
				return nil, strictError(w)
			}
		}
	}
	return a, nil
}

func newParser(cfg *config) *parser {
	return &parser{cfg: cfg, a: &Article{}, more: -1}
}

// frontMatter splits the front matter from text and reads it into the
// article's fields and Meta. It returns the body, the line it starts on,
// and the front matter's cover, still to be resolved.
func (p *parser) frontMatter(text string) (body string, bodyLine int, coverRaw string) {
	fm, body, bodyLine, w := splitFrontMatter(text)
	if w != nil {
		p.warn(*w)
	}
	if fm.format == fmNone {
		return body, bodyLine, ""
	}
	// The decoders keep substrings of what they read, and text may be the
	// caller's bytes (see decodeInput): they read a copy.
	fm.raw = strings.Clone(fm.raw)
	m, err := decodeFrontMatter(fm)
	if err != nil {
		p.warn(Warning{Code: WarnFrontMatter, Line: fm.errorLine(err),
			Message: fmt.Sprintf("%s front matter does not decode (%v); fields read line by line; raw front matter:\n%s",
				fm.format, err, rawPreview(fm.raw))})
		m = decodeLenient(fm.raw)
	}
	fs := fieldSource{m: m, fm: fm, warn: p.warn}
	fs.index()
	p.a.applyFields(&fs, p.cfg.loc)
	coverRaw = fs.str(fieldCover)
	p.a.Meta = meta(m) // converts m in place: read the fields first
	return body, bodyLine, coverRaw
}

// setBase sets the base URL if it is an absolute http(s) URL. what names
// where it came from, for the warning when it is not.
func (p *parser) setBase(s, what string) {
	if s == "" {
		return
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if what != "" {
			p.warnCode(WarnBaseURL, what+" "+strconvQuote(s)+" is not an absolute http(s) URL; ignored")
		}
		return
	}
	p.base = u
	p.forgetURLs()
}

// parseBody parses the HTML body and walks it into blocks.
func (p *parser) parseBody(body string) {
	if strings.TrimSpace(body) == "" {
		return
	}
	p.walkTree(parseTree(body), body)
}

// bodyTree is a parsed body: a whole page (doc) or a fragment's nodes under
// a <body> root, or the parser's error.
type bodyTree struct {
	root *html.Node
	doc  bool
	err  error
}

// parseTree parses body as a whole page when it is one, else as a fragment
// of a <body>, with scripting off.
func parseTree(body string) bodyTree {
	opt := html.ParseOptionEnableScripting(false)
	if isDocument(body) {
		doc, err := html.ParseWithOptions(strings.NewReader(body), opt)
		return bodyTree{root: doc, doc: true, err: err}
	}
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(body), bodyContext(), opt)
	if err != nil {
		return bodyTree{err: err}
	}
	root := bodyContext()
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return bodyTree{root: root}
}

// walkTree walks a parsed body into blocks; a body the parser refused is
// recovered from its tokens.
func (p *parser) walkTree(t bodyTree, body string) {
	w := newWalker(p)
	defer w.release()
	switch {
	case t.err != nil:
		p.walkTokens(w, body, t.err)
	case t.doc:
		p.walkDocument(w, t.root)
	default:
		w.walkRoot(t.root)
	}
	p.a.Blocks = w.takeBlocks()
	p.more = w.more
}

// isDocument reports whether the body is a whole HTML page rather than a
// fragment.
func isDocument(body string) bool {
	s := strings.TrimLeft(body, " \t\n\f")
	for strings.HasPrefix(s, "<!--") {
		i := strings.Index(s, "-->")
		if i < 0 {
			return false
		}
		s = strings.TrimLeft(s[i+3:], " \t\n\f")
	}
	return len(s) >= 5 && (strings.EqualFold(s[:5], "<html") || len(s) >= 9 && strings.EqualFold(s[:9], "<!doctype"))
}

// walkDocument walks the <body> of a whole page. The page's <title> and
// <html lang> fill fields the front matter left empty, and its <base href>
// is the base URL when no other is set.
func (p *parser) walkDocument(w *walker, doc *html.Node) {
	var body *html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Html:
				if p.a.Lang == "" {
					p.a.Lang = strings.TrimSpace(getAttr(c, "lang"))
				}
				visit(c)
			case atom.Head:
				visit(c)
			case atom.Title:
				if p.a.Title == "" {
					p.a.Title = nodeText(c)
				}
			case atom.Base:
				if p.base == nil {
					p.setBase(getAttr(c, "href"), "<base href>")
				}
			case atom.Body:
				body = c
			}
		}
	}
	visit(doc)
	if body != nil {
		w.walkRoot(body)
	}
}

// walkTokens recovers the text and images of a body the tree parser refused
// (it nests deeper than 512 elements), from a flat tokenizer pass: block tags
// end paragraphs, and the structure is lost.
func (p *parser) walkTokens(w *walker, body string, cause error) {
	p.warnCode(WarnTooDeep, "the HTML cannot be parsed as a tree ("+cause.Error()+"); paragraphs and images recovered without structure")
	z := html.NewTokenizer(strings.NewReader(body))
	var skip atom.Atom
	skipDepth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skipDepth == 0 {
				w.addText(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if skipDepth > 0 {
				if a == skip && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			k := kindOfAtom(a)
			switch {
			case k == kindSkip:
				if tt == html.StartTagToken && !isVoid(a) {
					skip, skipDepth = a, 1
				}
			case k == kindBreak:
				w.lineBreak()
			case k == kindImg:
				n := &html.Node{Type: html.ElementNode, DataAtom: atom.Img, Data: "img"}
				for hasAttr {
					var key, val []byte
					key, val, hasAttr = z.TagAttr()
					n.Attr = append(n.Attr, html.Attribute{Key: string(key), Val: string(val)})
				}
				w.imgElement(n, nil)
			case k == kindInline || k == kindTransparent:
			default:
				w.boundary()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipDepth > 0 {
				if a == skip {
					skipDepth--
				}
				continue
			}
			if k := kindOfAtom(a); k != kindInline && k != kindTransparent && k != kindBreak {
				w.boundary()
			}
		}
	}
	w.boundary()
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// collectImages lists each distinct body image once, in order.
func (p *parser) collectImages() {
	n := 0
	for i := range p.a.Blocks {
		if p.a.Blocks[i].Type == ImageType {
			n++
		}
	}
	if n == 0 {
		return
	}
	p.a.Images = make([]Image, 0, n)
	var seen map[string]bool // only for many images; a scan is cheaper for few
	if n > 32 {
		seen = make(map[string]bool, n)
	}
	for i := range p.a.Blocks {
		b := &p.a.Blocks[i]
		if b.Type != ImageType || b.Image == nil {
			continue
		}
		if seen != nil {
			if seen[b.Image.URL] {
				continue
			}
			seen[b.Image.URL] = true
		} else if hasImage(p.a.Images, b.Image.URL) {
			continue
		}
		p.a.Images = append(p.a.Images, *b.Image)
	}
}

func hasImage(images []Image, url string) bool {
	for i := range images {
		if images[i].URL == url {
			return true
		}
	}
	return false
}

// setCover resolves the front matter's cover like a body image, falling
// back to the first body image.
func (p *parser) setCover(raw string) {
	if raw != "" {
		if u, src, ok := p.imageURL(raw); ok {
			c := Image{URL: u, SourceURL: src, Placeholder: isPlaceholderHost(u)}
			for _, im := range p.a.Images {
				if im.URL == u {
					c.Width, c.Height, c.Alt = im.Width, im.Height, im.Alt
					break
				}
			}
			p.a.Cover = &c
			return
		}
		p.warnCode(WarnImageURL, "cover "+strconvQuote(raw)+" is not an absolute http(s) URL; the first body image is the cover")
	}
	if len(p.a.Images) > 0 {
		c := p.a.Images[0]
		p.a.Cover = &c
	}
}
