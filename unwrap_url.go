package article

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// A urlView is the part of a URL that rules are chosen by. It holds
// substrings of the input, so making one does not allocate unless the host
// needs folding to lower case or from Unicode.
//
// splitURL finds only what the rule index needs (host, domain and the first
// two path segments); complete finds path and rest once a rule is a
// candidate, so that a URL no rule is indexed under costs one short scan.
type urlView struct {
	host   string // lower-case ASCII host name, without port
	domain string // the last two labels of host
	tail   string // everything after the authority: path, query, fragment
	seg    string // the first segment of path
	path   string // escaped path as found: "" or starting with "/"; set by complete
	rest   string // path after seg: "" or starting with "/"; set by complete
	done   bool   // complete has run
}

// complete sets v.path and v.rest from v.tail.
func (v *urlView) complete() {
	if v.done {
		return
	}
	v.done = true
	path := v.tail
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	v.path = path
	if len(path) > 0 {
		v.rest = path[1+len(v.seg):]
	}
}

// secondSegment returns the second segment of v's path when it is at most
// max bytes long, and "" otherwise: no index key is longer, so a long
// segment is not scanned to its end.
func (v *urlView) secondSegment(max int) string {
	t, i := v.tail, 1+len(v.seg)
	if t == "" || t[0] == '?' || t[0] == '#' || i >= len(t) || t[i] != '/' {
		return ""
	}
	start := i + 1
	end := segmentEnd(t[:min(len(t), start+max+1)], start)
	if end-start > max {
		return ""
	}
	return t[start:end]
}

// segmentEnd returns the index in tail, from i on, of the first byte that
// ends a path segment: '/', '?' or '#'; or len(tail).
func segmentEnd(tail string, i int) int {
	for i < len(tail) && !segmentStop[tail[i]] {
		i++
	}
	return i
}

var segmentStop = [256]bool{'/': true, '?': true, '#': true}

// splitURL finds the host and path of an absolute http(s) or scheme-relative
// URL, as written in HTML: the scheme in any case, and collapsed or extra
// slashes after it.
func splitURL(s string) (urlView, bool) {
	if len(s) == 0 || s[0] <= ' ' || s[0] >= utf8.RuneSelf || s[len(s)-1] <= ' ' || s[len(s)-1] >= utf8.RuneSelf {
		s = strings.TrimSpace(s)
	}
	_, rest, ok := cutScheme(s)
	if !ok {
		return urlView{}, false
	}
	// One pass over the authority finds its end, its port, its last two
	// dots and whether the host needs folding.
	end, colon, dot2, fold, ok := scanAuthority(rest)
	if !ok {
		return urlView{}, false
	}
	host := rest[:end]
	if colon >= 0 && host != "" && host[0] != '[' {
		host = host[:colon]
	}
	if host == "" {
		return urlView{}, false
	}
	domain := host
	if fold {
		if host = hostName(host); host == "" {
			return urlView{}, false
		}
		domain = domainKey(host)
	} else if dot2 >= 0 && dot2 < len(host) {
		domain = host[dot2+1:]
	}
	v := urlView{host: host, domain: domain, tail: rest[end:]}
	if t := v.tail; t != "" && t[0] != '?' && t[0] != '#' {
		v.seg = t[1:segmentEnd(t, 1)]
	}
	return v, true
}

// scanAuthority finds, in one pass over the authority at the start of rest,
// its end, its port's colon, its second-last dot and whether the host needs
// folding. It reports false for user information.
func scanAuthority(rest string) (end, colon, dot2 int, fold, ok bool) {
	colon, dot1, dot2 := -1, -1, -1
	for i := 0; ; i++ {
		// Host bytes are most: a loop of its own keeps them cheap.
		for i < len(rest) && authorityByte[rest[i]] == abPlain {
			i++
		}
		if i == len(rest) {
			return len(rest), colon, dot2, fold, true
		}
		switch authorityByte[rest[i]] {
		case abDot:
			dot2, dot1 = dot1, i
		case abEnd:
			return i, colon, dot2, fold, true
		case abColon:
			colon = i
		case abAt:
			return 0, 0, 0, false, false
		case abFold:
			fold = true
		}
	}
}

// Classes of bytes in a URL's authority, for splitURL.
const (
	abPlain = iota // a lower-case host byte, or one left for canonicalURL to refuse
	abDot          // separates labels
	abEnd          // ends the authority
	abColon        // starts the port
	abAt           // user information, which splitURL refuses
	abFold         // upper case or non-ASCII: the host needs folding
)

var authorityByte = func() (t [256]uint8) {
	for _, c := range []byte("/?#\\") {
		t[c] = abEnd
	}
	t['.'], t[':'], t['@'] = abDot, abColon, abAt
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = abFold
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = abFold
	}
	return t
}()

// cutScheme returns the scheme of s ("http" or "https") and what follows it
// and its slashes. "//host" is https. At least one slash must follow
// "http:" or "https:", so "https:/host" (collapsed) is accepted.
func cutScheme(s string) (scheme, rest string, ok bool) {
	if strings.HasPrefix(s, "https://") && len(s) > 8 && s[8] != '/' {
		return "https", s[8:], true // the common case
	}
	switch {
	case hasPrefixFold(s, "https:"):
		scheme, rest = "https", s[len("https:"):]
	case hasPrefixFold(s, "http:"):
		scheme, rest = "http", s[len("http:"):]
	case strings.HasPrefix(s, "//"):
		scheme, rest = "https", s
	default:
		return "", "", false
	}
	n := 0
	for n < len(rest) && rest[n] == '/' {
		n++
	}
	if n == 0 {
		return "", "", false
	}
	return scheme, rest[n:], true
}

// authorityEnd returns the length of the authority at the start of s.
func authorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '?', '#', '\\':
			return i
		}
	}
	return len(s)
}

// hostName returns the lower-case ASCII host name of an authority, without
// its port, or "" if it has user information or cannot be folded.
func hostName(auth string) string {
	if auth == "" || strings.IndexByte(auth, '@') >= 0 {
		return ""
	}
	name := auth
	if name[0] == '[' {
		if i := strings.IndexByte(name, ']'); i > 0 {
			name = name[:i+1]
		}
	} else if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			a, err := idna.Lookup.ToASCII(name)
			if err != nil {
				return ""
			}
			return strings.ToLower(a)
		}
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(name)
		}
	}
	return name
}

// hasPathPattern reports whether path starts with pattern, where a "*" in
// pattern matches one non-empty path segment.
func hasPathPattern(path, pattern string) bool {
	for {
		i := strings.IndexByte(pattern, '*')
		if i < 0 {
			return strings.HasPrefix(path, pattern)
		}
		if !strings.HasPrefix(path, pattern[:i]) {
			return false
		}
		path, pattern = path[i:], pattern[i+1:]
		j := strings.IndexByte(path, '/')
		if j < 0 {
			j = len(path)
		}
		if j == 0 {
			return false
		}
		path = path[j:]
	}
}

// canonicalURL returns s as a canonical absolute http(s) URL: scheme and host in
// lower case, "//" after the scheme, a Unicode host in punycode, and every
// byte that cannot appear in a URL percent-encoded. Escapes already in s are
// kept as they are, and nothing is decoded. It reports false when s is not
// an absolute http(s) URL with a valid host. It returns s itself when s is
// already canonical, and canonicalURL(canonicalURL(s)) == canonicalURL(s).
func canonicalURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	scheme, rest, ok := cutScheme(s)
	if !ok {
		return "", false
	}
	end := authorityEnd(rest)
	host, ok := cleanHost(rest[:end])
	if !ok {
		return "", false
	}
	tail := rest[end:]
	if strings.HasPrefix(tail, `\`) {
		tail = "/" + tail
	}
	tail = escapeTail(tail)
	prefix := s[:len(s)-len(rest)]
	if prefix == scheme+"://" && host == rest[:end] && tail == rest[end:] {
		return s, true
	}
	return scheme + "://" + host + tail, true
}

// cleanHost validates an authority and returns it in canonical form: a
// lower-case ASCII name or a bracketed IPv6 address, and a numeric port if
// there is one. User information is refused.
func cleanHost(auth string) (string, bool) {
	if auth == "" || strings.IndexByte(auth, '@') >= 0 {
		return "", false
	}
	name, port := auth, ""
	if auth[0] == '[' {
		i := strings.IndexByte(auth, ']')
		if i < 0 {
			return "", false
		}
		name, port = auth[:i+1], auth[i+1:]
		if !isIPv6Literal(name) {
			return "", false
		}
		if port != "" && port[0] != ':' {
			return "", false
		}
	} else if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		name, port = auth[:i], auth[i:]
	}
	if name == "" {
		return "", false
	}
	if len(port) > 0 {
		if len(port) > 6 || !allDigits(port[1:]) {
			return "", false
		}
		if len(port) == 1 {
			port = "" // "host:" means the default port
		}
	}
	if name[0] != '[' {
		if strings.IndexByte(name, '%') >= 0 {
			// As browsers do, percent-decode a host before IDNA.
			d, err := url.PathUnescape(name)
			if err != nil {
				return "", false
			}
			name = d
		}
		name = hostName(name)
		if !isHostName(name) {
			return "", false
		}
	} else {
		name = strings.ToLower(name)
	}
	if len(port) == 0 && len(name) == len(auth) {
		if name == auth {
			return auth, true
		}
		return name, true
	}
	return name + port, true
}

// isHostName reports whether s is a plausible lower-case DNS name or IPv4
// address: labels of letters, digits, '-' and '_', separated by single dots,
// with an optional trailing dot.
func isHostName(s string) bool {
	if s == "" || s[0] == '.' || len(s) > 253 {
		return false
	}
	prevDot := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if prevDot {
				return false
			}
			prevDot = true
			continue
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
		prevDot = false
	}
	return true
}

func isIPv6Literal(s string) bool {
	if len(s) < 4 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if !(isHex(c) || c == ':' || c == '.') {
			return false
		}
	}
	return true
}

// escapeTail percent-encodes the bytes of a URL's path, query and fragment
// that cannot appear in a URL: controls, space, non-ASCII bytes, the
// characters "<>\^`{|} and a '%' that does not start an escape. A second
// '#' becomes %23. Valid escapes are kept. It returns t itself when nothing
// needs escaping.
func escapeTail(t string) string {
	var b []byte
	seenHash := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		class := tailByte[c]
		if class == tbPlain {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		esc := class == tbEscape
		switch c {
		case '%':
			esc = i+2 >= len(t) || !isHex(t[i+1]) || !isHex(t[i+2])
		case '#':
			esc = seenHash
			seenHash = true
		}
		if !esc {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(t)+16)
			b = append(b, t[:i]...)
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	if b == nil {
		return t
	}
	return string(b)
}

const upperHex = "0123456789ABCDEF"

// Classes of bytes in a URL's path, query and fragment, for escapeTail.
const (
	tbPlain  = iota // kept as it is
	tbEscape        // always percent-encoded
	tbCheck         // '%' and '#': it depends on what follows or precedes
)

var tailByte = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if c <= ' ' || c >= 0x7f {
			t[c] = tbEscape
		}
	}
	for _, c := range []byte("\"<>\\^`{|}") {
		t[c] = tbEscape
	}
	t['%'], t['#'] = tbCheck, tbCheck
	return t
}()

// decodeEntities decodes the HTML character references that appear in URLs
// copied from HTML source: &amp; (and &AMP;), &quot;, &apos;, &lt;, &gt;
// and numeric references, each only with its semicolon. Everything else,
// such as "&copy=1" in a query, is left alone. It returns s itself when
// there is nothing to decode.
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b []byte
	last := 0
	for ; i < len(s); i++ {
		if s[i] != '&' {
			continue
		}
		r, n := entityAt(s[i:])
		if n == 0 {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
		b = utf8.AppendRune(b, r)
		i += n - 1
		last = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

var namedEntities = []struct {
	name string
	r    rune
}{
	{"&amp;", '&'}, {"&AMP;", '&'}, {"&quot;", '"'}, {"&apos;", '\''},
	{"&lt;", '<'}, {"&gt;", '>'},
}

// entityAt decodes the character reference at the start of s, returning the
// rune and the length of the reference, or 0 if there is none.
func entityAt(s string) (rune, int) {
	if len(s) > 2 && s[1] == '#' {
		return numericEntity(s)
	}
	for _, e := range namedEntities {
		if strings.HasPrefix(s, e.name) {
			return e.r, len(e.name)
		}
	}
	return 0, 0
}

func numericEntity(s string) (rune, int) {
	i, base := 2, rune(10)
	if s[i] == 'x' || s[i] == 'X' {
		i, base = 3, 16
	}
	start := i
	var r rune
	for ; i < len(s) && i-start < 8; i++ {
		var d rune
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			goto end
		}
		r = r*base + d
	}
end:
	if i == start || i >= len(s) || s[i] != ';' {
		return 0, 0
	}
	if r < 0x20 || r == 0x7f || r > utf8.MaxRune || !utf8.ValidRune(r) {
		return 0, 0
	}
	return r, i + 1
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func containsByte(s string, c byte) bool { return strings.IndexByte(s, c) >= 0 }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
