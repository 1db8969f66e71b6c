package article

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// imgAttrs holds the attributes of an <img> that imageFromElement reads,
// gathered in one pass over the element's attributes.
type imgAttrs struct {
	lazy            [maxImgSlots]string
	srcset          [maxImgSlots]string
	size            [maxImgSlots][2]string
	src, alt, title string
}

const maxImgSlots = 32

// imgAttrSlots maps an attribute name to where imgAttrs keeps it:
// slotLazy+i for lazyImageAttrs[i], and so on.
var imgAttrSlots = func() map[string]int {
	if len(lazyImageAttrs) > maxImgSlots || len(lazySrcsetAttrs) > maxImgSlots || len(imageSizeAttrs) > maxImgSlots {
		panic("article: image attribute tables exceed maxImgSlots")
	}
	m := map[string]int{"src": slotSrc, "alt": slotAlt, "title": slotTitle}
	for i, a := range lazyImageAttrs {
		m[a] = slotLazy + i
	}
	for i, a := range lazySrcsetAttrs {
		m[a] = slotSrcset + i
	}
	for i, pair := range imageSizeAttrs {
		m[pair[0]] = slotSize + 2*i
		m[pair[1]] = slotSize + 2*i + 1
	}
	return m
}()

const (
	slotLazy   = 0
	slotSrcset = 100
	slotSize   = 200
	slotSrc    = 300
	slotAlt    = 301
	slotTitle  = 302
)

func gatherImgAttrs(n *html.Node, at *imgAttrs) {
	for i := range n.Attr {
		a := &n.Attr[i]
		if a.Namespace != "" {
			continue
		}
		slot, ok := imgAttrSlots[a.Key]
		if !ok {
			continue
		}
		switch {
		case slot == slotSrc:
			at.src = a.Val
		case slot == slotAlt:
			at.alt = a.Val
		case slot == slotTitle:
			at.title = a.Val
		case slot >= slotSize:
			at.size[(slot-slotSize)/2][(slot-slotSize)%2] = a.Val
		case slot >= slotSrcset:
			at.srcset[slot-slotSrcset] = a.Val
		default:
			at.lazy[slot] = a.Val
		}
	}
}

// imageFromElement builds an Image from an <img> (inside picture, when it is
// in a <picture>). It takes the first usable candidate URL, in this order:
// the lazy-loading attributes, srcset and data-srcset (the largest), the
// picture's sources (the largest), a <noscript><img> that follows, and src.
// It reports false for an image with no usable URL and for a tracking pixel.
func (p *parser) imageFromElement(n, picture *html.Node) (Image, bool) {
	var at imgAttrs
	gatherImgAttrs(n, &at)
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
	for i := range lazyImageAttrs {
		if try(at.lazy[i]) {
			break
		}
	}
	if !found {
		for i := range lazySrcsetAttrs {
			if c, ok := largestCandidate(at.srcset[i]); ok && try(c.url) {
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
		try(at.src)
	}
	if !found {
		if failed != "" {
			p.warn(Warning{Code: WarnImageURL, Message: "image dropped: cannot make " + strconvQuote(failed) + " an absolute http(s) URL"})
		}
		return Image{}, false
	}
	if im.Width == 0 && im.Height == 0 {
		im.Width, im.Height = imageSize(&at, srcsetWidth)
	}
	host := hostOf(im.URL)
	if isTracker(im, host) {
		return Image{}, false
	}
	if alt := collapseSpace(at.alt); alt != "" {
		im.Alt = alt
	}
	if title := collapseSpace(at.title); title != "" {
		im.Title = title
	}
	im.Placeholder = placeholderHosts[host]
	return im, true
}

// imageSize reads an image's size from its attributes. A width taken from
// the chosen srcset candidate wins over the attributes, except
// data-original-width, with the height scaled to the attributes' ratio.
func imageSize(at *imgAttrs, srcsetWidth int) (w, h int) {
	for i := range imageSizeAttrs {
		pw, ph := dimension(at.size[i][0]), dimension(at.size[i][1])
		if pw == 0 && ph == 0 {
			continue
		}
		if srcsetWidth > 0 && i > 0 {
			if pw > 0 && ph > 0 {
				return srcsetWidth, int(int64(ph) * int64(srcsetWidth) / int64(pw))
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
func isTracker(im Image, host string) bool {
	if im.Width <= 1 && im.Height <= 1 && (im.Width == 1 || im.Height == 1) {
		return true
	}
	return trackerHosts[host]
}

func isPlaceholderHost(u string) bool {
	return placeholderHosts[hostOf(u)]
}

// hostOf returns the lower-case host of an absolute URL, without port or
// user information.
func hostOf(u string) string {
	i := strings.Index(u, "//")
	if i < 0 {
		return ""
	}
	h := u[i+2:]
	end, at, colon, upper := len(h), -1, -1, false
	for j := 0; j < len(h); j++ {
		c := h[j]
		if c == '/' || c == '?' || c == '#' {
			end = j
			break
		}
		switch {
		case c == '@':
			at, colon = j, -1
		case c == ':':
			colon = j
		case c == ']':
			colon = -1
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	if colon >= 0 {
		end = colon
	}
	h = h[at+1 : end]
	if upper {
		return strings.ToLower(h)
	}
	return h
}

func isDataURL(raw string) bool {
	i := 0
	for i < len(raw) && raw[i] <= ' ' {
		i++
	}
	return len(raw)-i >= 5 && strings.EqualFold(raw[i:i+5], "data:")
}

// isPlaceholderName reports whether a URL names a stand-in file that lazy
// loaders put in src: blank.gif, spacer.gif, placeholder.png and the like.
func isPlaceholderName(raw string) bool {
	end := len(raw)
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		end = i
	}
	if i := strings.IndexByte(raw[:end], '#'); i >= 0 {
		end = i
	}
	stem := raw[strings.LastIndexByte(raw[:end], '/')+1 : end]
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	if stem == "" || len(stem) > 24 {
		return false
	}
	if placeholderNames[stem] {
		return true
	}
	for i := 0; i < len(stem); i++ {
		if 'A' <= stem[i] && stem[i] <= 'Z' {
			return placeholderNames[strings.ToLower(stem)]
		}
	}
	return false
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
	for class := getAttr(n, "class"); class != ""; {
		var tok string
		tok, class = nextToken(class)
		if set[tok] {
			return true
		}
	}
	return false
}

// nextToken splits the first white-space-separated token off s.
func nextToken(s string) (tok, rest string) {
	i := 0
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !isSpaceByte(s[j]) {
		j++
	}
	return s[i:j], s[j:]
}

// isHidden reports whether n is hidden from readers: the hidden attribute,
// or an inline display:none.
func isHidden(n *html.Node) bool { return attrFlags(n)&flagHidden != 0 }

// What the walk needs to know of an element's attributes, read in one pass
// by attrFlags.
const (
	flagHidden  = 1 << iota // the hidden attribute, or an inline display:none
	flagSkip                // a class of skipClasses
	flagCaption             // a class of captionClasses
)

func attrFlags(n *html.Node) uint8 {
	var f uint8
	for i := range n.Attr {
		a := &n.Attr[i]
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "class":
			f |= classFlags(a.Val)
		case "hidden":
			f |= flagHidden
		case "style":
			if displayNone(a.Val) {
				f |= flagHidden
			}
		}
	}
	return f
}

// classTable gives the flags of the classes the walk cares about.
var classTable = func() map[string]uint8 {
	m := map[string]uint8{}
	for c := range skipClasses {
		m[c] |= flagSkip
	}
	for c := range captionClasses {
		m[c] |= flagCaption
	}
	return m
}()

func classFlags(class string) uint8 {
	var f uint8
	for class != "" {
		var tok string
		tok, class = nextToken(class)
		if tok != "" {
			f |= classTable[tok]
		}
	}
	return f
}

// displayNone reports whether an inline style sets display:none.
func displayNone(style string) bool {
	i := indexFold(style, "display")
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

// indexFold is strings.Index for a lower-case ASCII needle, ignoring case.
func indexFold(s, lower string) int {
	first := lower[0]
	for i := 0; i+len(lower) <= len(s); i++ {
		if s[i]|0x20 == first && strings.EqualFold(s[i:i+len(lower)], lower) {
			return i
		}
	}
	return -1
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
