package article

import (
	"net/url"
	"strings"
)

// cleanURL trims a URL from an attribute as browsers do: leading and
// trailing spaces and C0 controls go, and so do tabs and newlines anywhere.
// A URL with none of them is returned as it is.
func cleanURL(raw string) string {
	if len(raw) > 0 && raw[0] > ' ' && raw[len(raw)-1] > ' ' &&
		strings.IndexByte(raw, '\n') < 0 && strings.IndexByte(raw, '\t') < 0 && strings.IndexByte(raw, '\r') < 0 {
		return raw
	}
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// urlScheme returns the lower-case scheme of s, or "" when s is relative.
func urlScheme(s string) string {
	lower := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z':
			lower = false
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return ""
			}
		case c == ':':
			if i == 0 {
				return ""
			}
			if lower {
				return s[:i]
			}
			return strings.ToLower(s[:i])
		default:
			return ""
		}
	}
	return ""
}

// needsEscape reports whether s holds bytes that a URL must escape.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if urlUnsafe[s[i]] {
			return true
		}
	}
	return false
}

// urlUnsafe marks the ASCII bytes that cannot appear raw in a URL.
var urlUnsafe = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	for _, c := range "\x7f\"<>\\^`{|}" {
		t[c] = true
	}
	return t
}()

// absolute makes s an absolute http(s) URL: it resolves a relative URL
// against the base and gives a scheme-relative one the base's scheme (https
// with no base). It reports false for other schemes and for a relative URL
// with no base.
func (p *parser) absolute(s string) (string, bool) {
	switch scheme := urlScheme(s); scheme {
	case "http", "https":
		if !strings.HasPrefix(s[len(scheme)+1:], "//") {
			// "http:host" or "http:/path": a browser guesses a host, net/url
			// does not; neither is a URL a post means.
			return "", false
		}
		if s[:len(scheme)] != scheme {
			s = scheme + s[len(scheme):]
		}
		if strings.IndexByte(s, '%') >= 0 {
			s = escapeStrayPercents(s)
		}
		if needsEscape(s) {
			u, err := url.Parse(s)
			if err != nil {
				return "", false
			}
			s = u.String()
		}
		if h := hostOf(s); h == "" || !plainHost(h) || !digitPort(s) {
			if u, err := url.Parse(s); err != nil || u.Host == "" || h == "" {
				return "", false
			}
		}
		return s, true
	case "":
	default:
		return "", false
	}
	if strings.HasPrefix(s, "//") {
		scheme := "https"
		if p.base != nil {
			scheme = p.base.Scheme
		}
		return p.absolute(scheme + ":" + s)
	}
	if p.base == nil || s == "" {
		return "", false
	}
	ref, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	return p.absolute(p.base.ResolveReference(ref).String())
}

// imageURL turns a candidate image URL into an absolute http(s) URL at its
// origin. source is the URL before unwrapping, when unwrapping changed it.
//
// A post names the same image more than once (the cover in the front
// matter and the first image, src and data-src, a <noscript> copy), so the
// results are remembered: the cover's, and the last few others'.
func (p *parser) imageURL(raw string) (u, source string, ok bool) {
	if m := &p.coverURL; m.set && m.raw == raw {
		return m.u, m.source, m.ok
	}
	for i := range p.recentURLs {
		if m := &p.recentURLs[i]; m.set && m.raw == raw {
			return m.u, m.source, m.ok
		}
	}
	u, source, ok = p.resolveImageURL(raw)
	p.recentURLs[p.nextURL%len(p.recentURLs)] = urlMemo{raw: raw, u: u, source: source, ok: ok, set: true}
	p.nextURL++
	return u, source, ok
}

// urlMemo is a remembered result of resolveImageURL.
type urlMemo struct {
	raw, u, source string
	ok, set        bool
}

// forgetURLs drops the remembered image URLs, which depend on the base.
func (p *parser) forgetURLs() {
	p.coverURL = urlMemo{}
	p.recentURLs = [len(p.recentURLs)]urlMemo{}
}

// resolveImageURL is imageURL without the memory.
func (p *parser) resolveImageURL(raw string) (u, source string, ok bool) {
	if isDataURL(raw) {
		return "", "", false // before cleaning: data URLs can be long
	}
	s := cleanURL(raw)
	if s == "" || isPlaceholderName(s) {
		return "", "", false
	}
	return p.unwrapMedia(s)
}

// mediaURL is imageURL for video, audio and iframe sources.
func (p *parser) mediaURL(raw string) (string, bool) {
	s := cleanURL(raw)
	if s == "" {
		return "", false
	}
	u, _, ok := p.unwrapMedia(s)
	return u, ok
}

func (p *parser) unwrapMedia(s string) (u, source string, ok bool) {
	abs, ok := p.absolute(s)
	if !ok {
		if un, ok := p.unwrapRelative(s, false); ok && !isPlaceholderName(un) {
			return un, s, true
		}
		return "", "", false
	}
	u = abs
	if p.cfg.unwrapper != nil {
		if un := p.cfg.unwrapper.Unwrap(abs); un != abs {
			if un, ok := p.absolute(un); ok {
				if isPlaceholderName(un) {
					return "", "", false
				}
				u = un
			}
		}
	}
	if u != abs {
		source = abs
	}
	return u, source, true
}

// linkURL cleans a link's href: http, https and mailto URLs are kept
// (resolved and unwrapped), as are fragments and, with no base to resolve
// them, relative URLs. Anything else gives "".
func (p *parser) linkURL(raw string) string {
	s := cleanURL(raw)
	if s == "" || strings.ContainsAny(s, "<>\"") {
		// Markup in an href is a broken scrape, not a link.
		return ""
	}
	switch urlScheme(s) {
	case "mailto":
		if needsEscape(s) {
			return ""
		}
		return s
	case "http", "https":
	case "":
		if badRelative(s) {
			return ""
		}
		if s[0] == '#' {
			if hasControl(s) {
				return ""
			}
			return s
		}
		if p.base == nil && !strings.HasPrefix(s, "//") {
			if un, ok := p.unwrapRelative(s, true); ok {
				return un
			}
			if needsEscape(s) {
				if u, err := url.Parse(s); err == nil && u.Scheme == "" {
					return u.String()
				}
				return ""
			}
			return s
		}
	default:
		return ""
	}
	abs, ok := p.absolute(s)
	if !ok {
		return ""
	}
	if p.cfg.unwrapper != nil {
		if un, ok := p.absolute(p.cfg.unwrapper.UnwrapLink(abs)); ok {
			return un
		}
	}
	return abs
}

// relativeProbe is the origin a relative URL is put on to ask the
// Unwrapper whether it holds an absolute one. The .invalid top-level domain
// is reserved: it never names a real host.
const relativeProbe = "https://relative.invalid"

// unwrapRelative recovers the absolute origin URL that a relative proxy URL
// holds when there is no base to resolve it against, such as
// /_next/image?url=https%3A%2F%2Fcdn.example%2Fa.jpg or Yahoo's
// /sy/uu/api/res/1.2/…/https://…. A result on the proxy's own (unknown)
// origin does not count.
func (p *parser) unwrapRelative(s string, link bool) (string, bool) {
	if p.base != nil || p.cfg.unwrapper == nil || urlScheme(s) != "" || strings.HasPrefix(s, "//") || s == "" || s[0] == '#' {
		return "", false
	}
	probe := relativeProbe + s
	if s[0] != '/' {
		probe = relativeProbe + "/" + s
	}
	var un string
	if link {
		un = p.cfg.unwrapper.UnwrapLink(probe)
	} else {
		un = p.cfg.unwrapper.Unwrap(probe)
	}
	if un == probe || hostOf(un) == "relative.invalid" {
		return "", false
	}
	return p.absolute(un)
}

// escapeStrayPercents writes a "%" that does not start an escape ("%" and
// two hex digits) as "%25", as it means a literal percent sign: browsers
// read such URLs, but net/url refuses them.
func escapeStrayPercents(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[last : i+1])
		b.WriteString("25")
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// plainHost reports whether h holds only characters that need no check:
// letters, digits, dots, hyphens and underscores, or non-ASCII (a
// Unicode domain). A host with a percent sign or other punctuation goes
// through net/url.
// digitPort reports whether the authority of the absolute URL s has no port,
// or one of digits only, as net/url requires.
func digitPort(s string) bool {
	a := s[strings.Index(s, "//")+2:]
	a = a[:segmentEnd(a, 0)] // the authority: up to '/', '?' or '#'

	a = a[strings.LastIndexByte(a, '@')+1:]
	if strings.HasPrefix(a, "[") {
		i := strings.IndexByte(a, ']')
		if i < 0 {
			return false
		}
		a = a[i+1:]
	} else if i := strings.IndexByte(a, ':'); i >= 0 {
		a = a[i:]
	} else {
		return true
	}
	if a == "" {
		return true
	}
	if a[0] != ':' {
		return false
	}
	for i := 1; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_' || c >= 0x80) {
			return false
		}
	}
	return true
}
