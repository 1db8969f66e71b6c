package article

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// imageFromElement builds an Image from an <img> (inside picture, when it is
// in a <picture>). It takes the first usable candidate URL, in this order:
// the lazy-loading attributes, srcset and data-srcset (the largest), the
// picture's sources (the largest), a <noscript><img> that follows, and src.
// It reports false for an image with no usable URL and for a tracking pixel.
func (p *parser) imageFromElement(n, picture *html.Node) (Image, bool) {
	var im Image
	var failed string // a candidate that could not be made absolute
	srcsetWidth := 0
	found := false
	try := func(raw string) bool {
		if raw == "" {
			return false
		}
		u, src, ok := p.imageURL(raw)
		if !ok {
			if failed == "" && !isDataURL(raw) && !isPlaceholderName(raw) {
				failed = raw
			}
			return false
		}
		im.URL, im.SourceURL = u, src
		found = true
		return true
	}
	for _, a := range lazyImageAttrs {
		if try(getAttr(n, a)) {
			break
		}
	}
	if !found {
		for _, a := range lazySrcsetAttrs {
			if c, ok := largestCandidate(getAttr(n, a)); ok && try(c.url) {
				srcsetWidth = c.width
				break
			}
		}
	}
	if !found && picture != nil {
		best := srcsetCandidate{}
		for c := picture.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Source {
				for _, a := range lazySrcsetAttrs {
					if cand, ok := largestCandidate(getAttr(c, a)); ok && cand.larger(best) {
						best = cand
					}
				}
			}
		}
		if best.url != "" && try(best.url) {
			srcsetWidth = best.width
		}
	}
	if !found {
		if ns := nextElementSibling(n); ns != nil && ns.DataAtom == atom.Noscript {
			if img := findElement(ns, atom.Img); img != nil {
				if fb, ok := p.imageFromElement(img, nil); ok {
					im, found = fb, true
				}
			}
		}
	}
	if !found {
		try(getAttr(n, "src"))
	}
	if !found {
		if failed != "" {
			p.warn(Warning{Code: WarnImageURL, Message: "image dropped: cannot make " + strconvQuote(failed) + " an absolute http(s) URL"})
		}
		return Image{}, false
	}
	if im.Width == 0 && im.Height == 0 {
		im.Width, im.Height = imageSize(n, srcsetWidth)
	}
	if isTracker(im) {
		return Image{}, false
	}
	if alt := collapseSpace(getAttr(n, "alt")); alt != "" {
		im.Alt = alt
	}
	if title := collapseSpace(getAttr(n, "title")); title != "" {
		im.Title = title
	}
	im.Placeholder = isPlaceholderHost(im.URL)
	return im, true
}

// imageSize reads an image's size from its attributes. A width taken from
// the chosen srcset candidate wins over the attributes, except
// data-original-width, with the height scaled to the attributes' ratio.
func imageSize(n *html.Node, srcsetWidth int) (w, h int) {
	for i, pair := range imageSizeAttrs {
		pw, ph := dimension(getAttr(n, pair[0])), dimension(getAttr(n, pair[1]))
		if pw == 0 && ph == 0 {
			continue
		}
		if srcsetWidth > 0 && i > 0 {
			if pw > 0 && ph > 0 {
				return srcsetWidth, int(int64(ph)*int64(srcsetWidth)/int64(pw) + 0)
			}
			return srcsetWidth, 0
		}
		if w == 0 {
			w = pw
		}
		if h == 0 {
			h = ph
		}
		if w > 0 && h > 0 {
			return w, h
		}
	}
	if w == 0 && h == 0 && srcsetWidth > 0 {
		return srcsetWidth, 0
	}
	return w, h
}

// dimension reads a size attribute: "576", "576px" or "576.0". Percentages,
// "auto" and anything else give 0.
func dimension(s string) int {
	s = strings.TrimSpace(s)
	n := 0
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n > 1e6 {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	if i == 0 {
		return 0
	}
	rest := s[i:]
	if rest == "" || rest == "px" || strings.HasPrefix(rest, ".") && strings.Trim(rest[1:], "0123456789") == "" {
		return n
	}
	return 0
}

// isTracker reports whether an image is a tracking pixel: 1×1 or smaller, or
// served by a known tracking host.
func isTracker(im Image) bool {
	if im.Width <= 1 && im.Height <= 1 && (im.Width == 1 || im.Height == 1) {
		return true
	}
	return trackerHosts[hostOf(im.URL)]
}

func isPlaceholderHost(u string) bool {
	return placeholderHosts[hostOf(u)]
}

// hostOf returns the lower-case host of an absolute URL, without port.
func hostOf(u string) string {
	i := strings.Index(u, "//")
	if i < 0 {
		return ""
	}
	h := u[i+2:]
	if j := strings.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if j := strings.LastIndexByte(h, ':'); j >= 0 && !strings.Contains(h[j:], "]") {
		h = h[:j]
	}
	return strings.ToLower(h)
}

func isDataURL(raw string) bool {
	s := strings.TrimSpace(raw)
	return len(s) >= 5 && strings.EqualFold(s[:5], "data:")
}

// isPlaceholderName reports whether a URL names a stand-in file that lazy
// loaders put in src: blank.gif, spacer.gif, placeholder.png and the like.
func isPlaceholderName(raw string) bool {
	s := raw
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		s = s[:i]
	}
	if s == "" {
		return false
	}
	return placeholderNames[strings.ToLower(s)]
}

// srcsetCandidate is one entry of a srcset.
type srcsetCandidate struct {
	url     string
	width   int     // the w descriptor, or 0
	density float64 // the x descriptor, or 0
}

// larger reports whether c is a larger image than d.
func (c srcsetCandidate) larger(d srcsetCandidate) bool {
	if d.url == "" {
		return true
	}
	if c.width > 0 || d.width > 0 {
		return c.width > d.width
	}
	return c.effectiveDensity() > d.effectiveDensity()
}

func (c srcsetCandidate) effectiveDensity() float64 {
	if c.density == 0 {
		return 1
	}
	return c.density
}

// largestCandidate parses a srcset and returns its largest candidate.
func largestCandidate(srcset string) (srcsetCandidate, bool) {
	var best srcsetCandidate
	parseSrcset(srcset, func(c srcsetCandidate) {
		if c.larger(best) {
			best = c
		}
	})
	return best, best.url != ""
}

// parseSrcset calls fn for each candidate of a srcset attribute, following
// the HTML standard's parsing: a URL runs to white space, a URL ending in
// commas has no descriptors, and descriptors run to a comma.
func parseSrcset(s string, fn func(srcsetCandidate)) {
	i := 0
	for i < len(s) {
		for i < len(s) && (isSpaceByte(s[i]) || s[i] == ',') {
			i++
		}
		start := i
		for i < len(s) && !isSpaceByte(s[i]) {
			i++
		}
		u := s[start:i]
		if u == "" {
			break
		}
		c := srcsetCandidate{}
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			dstart := i
			depth := 0
			for i < len(s) {
				if s[i] == '(' {
					depth++
				} else if s[i] == ')' && depth > 0 {
					depth--
				} else if s[i] == ',' && depth == 0 {
					break
				}
				i++
			}
			for _, d := range strings.Fields(s[dstart:i]) {
				switch {
				case strings.HasSuffix(d, "w"):
					if n, err := strconv.Atoi(d[:len(d)-1]); err == nil && n > 0 {
						c.width = n
					}
				case strings.HasSuffix(d, "x"):
					if f, err := strconv.ParseFloat(d[:len(d)-1], 64); err == nil && f > 0 {
						c.density = f
					}
				}
			}
		}
		if u == "" || isDataURL(u) {
			continue
		}
		c.url = u
		fn(c)
	}
}

// --- small tree helpers ---

func getAttr(n *html.Node, key string) string {
	for i := range n.Attr {
		if n.Attr[i].Key == key && n.Attr[i].Namespace == "" {
			return n.Attr[i].Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for i := range n.Attr {
		if n.Attr[i].Key == key && n.Attr[i].Namespace == "" {
			return true
		}
	}
	return false
}

// firstAttr returns the first non-empty value among keys.
func firstAttr(n *html.Node, keys []string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(getAttr(n, k)); v != "" {
			return v
		}
	}
	return ""
}

// hasClassIn reports whether one of n's classes is in set.
func hasClassIn(n *html.Node, set map[string]bool) bool {
	class := getAttr(n, "class")
	for class != "" {
		i := 0
		for i < len(class) && isSpaceByte(class[i]) {
			i++
		}
		j := i
		for j < len(class) && !isSpaceByte(class[j]) {
			j++
		}
		if j > i && set[class[i:j]] {
			return true
		}
		class = class[j:]
	}
	return false
}

// isHidden reports whether n is hidden from readers: the hidden attribute,
// or an inline display:none.
func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return true
	}
	style := getAttr(n, "style")
	if style == "" {
		return false
	}
	i := strings.Index(strings.ToLower(style), "display")
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(style[i+len("display"):], " \t")
	if !strings.HasPrefix(rest, ":") {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " \t")
	return len(rest) >= 4 && strings.EqualFold(rest[:4], "none")
}

// findElement returns the first descendant of n with the atom a.
func findElement(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == a {
			return c
		}
		if d := findElement(c, a); d != nil {
			return d
		}
	}
	return nil
}

func nextElementSibling(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return nil
		}
	}
	return nil
}

// hasUnknownElement reports whether n has a descendant element whose name
// HTML does not know, such as <groupId> or <String> in code.
func hasUnknownElement(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == 0 || hasUnknownElement(c)) {
			return true
		}
	}
	return false
}

// nodeText returns the text of n with white space collapsed and trimmed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.Namespace != "" || kindOf(c) == kindSkip {
					continue
				}
				if c.DataAtom == atom.Br {
					b.WriteByte(' ')
					continue
				}
				visit(c)
			}
		}
	}
	visit(n)
	return collapseSpace(b.String())
}

// collapseSpace collapses runs of white space (and &nbsp;) into one space
// and trims the result, including ideographic spaces at the ends.
func collapseSpace(s string) string {
	if s == "" {
		return ""
	}
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpaceByte(c) {
			if prevSpace || c != ' ' {
				clean = false
				break
			}
			prevSpace = true
			continue
		}
		if c >= 0x80 {
			clean = false
			break
		}
		prevSpace = false
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' || r == '\u3000' {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func strconvQuote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strconv.Quote(s)
}
