package article

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// maxUnwrapDepth caps how many proxies Unwrap peels off one URL. Real posts
// nest two or three (a weserv URL inside a DuckDuckGo one). A URL still
// wrapped after that many steps is returned unchanged, which keeps Unwrap
// idempotent.
const maxUnwrapDepth = 8

// An UnwrapKind says which entry points use an UnwrapRule. Kinds combine with |.
type UnwrapKind uint8

const (
	// ForImages makes a rule apply in Unwrap, to image URLs.
	ForImages UnwrapKind = 1 << iota
	// ForLinks makes a rule apply in UnwrapLink, to link targets.
	ForLinks
)

// An UnwrapRule recovers the original URL from one kind of proxy or redirector.
//
// A rule is chosen by its host and path pattern, which are checked on the raw
// string before anything is parsed or allocated; only then is the URL
// normalised, parsed and given to Decode.
type UnwrapRule struct {
	// Name identifies the rule in Disable and Rules, such as "weserv".
	// It is required. Adding a rule with the name of a registered one
	// replaces that rule.
	Name string

	// Kind says where the rule applies. The zero value means ForImages.
	Kind UnwrapKind

	// Hosts lists the proxy's host names, without port.
	// A name that starts with a dot matches every subdomain of it:
	// ".workers.dev" matches "cors.example.workers.dev" but not
	// "workers.dev". An empty list matches every host; Path must then be set.
	Hosts []string

	// Path is a prefix that the URL's escaped path must start with, such as
	// "/_next/image". A "*" matches exactly one path segment, as in
	// "/*/image/fetch/". The empty string matches every path.
	Path string

	// Decode returns the original URL held in u, and false when u holds
	// none. It is required. u is the proxy URL, normalised (HTML entities
	// decoded, scheme and host in lower case, bytes that cannot appear in a
	// URL escaped) and parsed with url.Parse, so u.EscapedPath() and
	// u.RawQuery hold the escapes as found. Decode the inner URL exactly
	// once, with url.PathUnescape: url.Query and url.QueryUnescape turn "+"
	// into a space.
	//
	// The result must be an absolute http or https URL; "//host/path"
	// counts as https. Any other result, such as a relative, javascript: or
	// data: URL, is ignored, as if Decode had returned false. The fragment
	// of u is kept when the result has none.
	Decode func(u *url.URL) (string, bool)

	// match, when set, is a further test on the host and path, made before
	// anything is parsed. It lets a built-in rule that matches every host
	// recognise its path cheaply.
	match func(v urlView) bool

	// keys, when set, index a rule for any host by its path segments, so
	// that URLs without them never reach match.
	keys *pathKeys
}

// pathKeys lists the path segments that a built-in rule for any host is
// found by. A URL reaches the rule if it has any of them.
type pathKeys struct {
	first    []string // the first segment, such as "unsafe"
	firstLen []int    // the length of the first segment, such as 28
	second   []string // the second segment, such as "https:"
}

// Unwrapper recovers the original URL from a proxied image URL or a
// redirecting link, using a set of named rules.
//
// The zero value uses every built-in rule (see Rules for their names). Disable
// and Add change the set. An Unwrapper is safe for concurrent use by multiple
// goroutines, and Unwrap may run while Disable or Add changes the set: each
// call sees the set before the change or after it. An Unwrapper must not be
// copied after first use.
type Unwrapper struct {
	mu       sync.Mutex
	disabled map[string]bool
	added    []UnwrapRule
	set      atomic.Pointer[ruleSet] // nil until configured: use the defaults
}

var defaultUnwrapper Unwrapper

// Unwrap returns the original URL behind a proxied image URL, using the
// built-in rules. A URL that is not a proxy is returned unchanged.
func Unwrap(raw string) string { return defaultUnwrapper.Unwrap(raw) }

// UnwrapLink returns the destination of a redirecting link, using the
// built-in rules. A URL that is not a redirector or proxy is returned
// unchanged.
func UnwrapLink(raw string) string { return defaultUnwrapper.UnwrapLink(raw) }

// Unwrap returns the original URL behind a proxied image URL. It peels nested
// proxies until no rule applies.
//
// The result is an absolute http or https URL, or raw unchanged: raw is
// returned unchanged when no rule applies, when the URL a rule finds is not
// absolute http(s), and when proxies are nested deeper than a fixed cap.
// Unwrap is idempotent. raw may be an absolute URL or attribute text with
// HTML entities, an upper-case or collapsed scheme ("https:/host") or no
// scheme ("//host/path", taken as https).
//
// A nil *Unwrapper uses the built-in rules.
func (u *Unwrapper) Unwrap(raw string) string { return u.rules().unwrap(raw, ForImages) }

// UnwrapLink returns the destination of a redirecting link, such as an
// Outlook SafeLinks or google.com/url one, for use on <a href>. It also
// applies the image rules marked ForLinks, so that a link to a proxied image
// leads to the original image; every built-in image rule is, except
// "cors-path", because archive and reader services address pages with the
// same path-embedded form. The result is as for Unwrap.
func (u *Unwrapper) UnwrapLink(raw string) string { return u.rules().unwrap(raw, ForLinks) }

// Disable turns off the rules with the given names, built-in or added.
// Names that are not registered are ignored; Rules lists the ones that are.
// By default, every built-in rule is on.
func (u *Unwrapper) Disable(names ...string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.disabled == nil {
		u.disabled = make(map[string]bool)
	}
	for _, n := range names {
		u.disabled[n] = true
	}
	u.set.Store(newRuleSet(u.added, u.disabled))
}

// Add registers r, to be tried before the built-in rules. A rule with the
// same name as a registered one, built-in or added, replaces it, and a name
// that was disabled is enabled again.
//
// Add panics if r has no Name, no Decode, or neither Hosts nor Path: such a
// rule would have to parse every URL.
func (u *Unwrapper) Add(r UnwrapRule) {
	if r.Name == "" || r.Decode == nil || (len(r.Hosts) == 0 && r.Path == "") {
		panic("article: Unwrapper.Add: rule needs Name, Decode, and Hosts or Path")
	}
	r.match, r.keys = nil, nil
	hosts := make([]string, len(r.Hosts))
	for i, h := range r.Hosts {
		hosts[i] = strings.ToLower(h)
	}
	r.Hosts = hosts
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.disabled, r.Name)
	added := make([]UnwrapRule, 0, len(u.added)+1)
	for _, a := range u.added {
		if a.Name != r.Name {
			added = append(added, a)
		}
	}
	u.added = append(added, r)
	u.set.Store(newRuleSet(u.added, u.disabled))
}

// Rules returns the names of the rules in use, in the order they are tried:
// added rules first, then the built-in ones.
func (u *Unwrapper) Rules() []string {
	s := u.rules()
	names := make([]string, len(s.rules))
	for i, r := range s.rules {
		names[i] = r.Name
	}
	return names
}

func (u *Unwrapper) rules() *ruleSet {
	if u != nil {
		if s := u.set.Load(); s != nil {
			return s
		}
	}
	return builtinSet
}

// builtinSet is the set of built-in rules, indexed once at start-up (about
// 20 µs) so that the common call does not pay for a sync.Once.
var builtinSet = newRuleSet(nil, nil)

// A ruleSet is an immutable, indexed set of rules. Finding the candidate
// rules for a URL costs a few map lookups at most, and usually none.
type ruleSet struct {
	rules    []*UnwrapRule
	byDomain map[string][]*entry // host rules, by the last two labels of each host pattern
	bySeg    map[string][]*entry // rules for any host, by first path segment
	bySecond map[string][]*entry // rules for any host, by second path segment
	byLen    [64][]*entry        // rules for any host, by length of the first segment
	anyHost  [3][]*entry         // the other rules, indexed by UnwrapKind
	// The keys of byDomain, bySeg and bySecond, by length and end bytes:
	// most URLs match none, and skip the map lookups.
	domainKeys, segKeys, secondKeys keyFilter
	maxSecond                       int // the length of the longest key of bySecond
}

// keyFilter is a set of map keys that may answer "maybe" for a key it does
// not hold, but never "no" for one it does: a 1024-bit set indexed by a
// key's length and its first and last bytes.
type keyFilter [16]uint64

func keyBit(k string) uint { return (uint(len(k))*31 + uint(k[0])*7 + uint(k[len(k)-1])) & 1023 }

func (f *keyFilter) add(k string) {
	if k != "" {
		b := keyBit(k)
		f[b>>6] |= 1 << (b & 63)
	}
}

// has reports whether k may be in the set.
func (f *keyFilter) has(k string) bool {
	if k == "" {
		return true
	}
	b := keyBit(k)
	return f[b>>6]&(1<<(b&63)) != 0
}

// An entry is a rule with its pattern prepared for matching.
type entry struct {
	*UnwrapRule
	kind UnwrapKind
	wild bool // Path has a '*'
}

// newRuleSet indexes the added rules followed by the built-in ones, leaving
// out the disabled names and the built-in rules that an added one replaces.
func newRuleSet(added []UnwrapRule, disabled map[string]bool) *ruleSet {
	s := &ruleSet{
		byDomain: make(map[string][]*entry),
		bySeg:    make(map[string][]*entry),
		bySecond: make(map[string][]*entry),
	}
	seen := make(map[string]bool)
	push := func(r *UnwrapRule) {
		if disabled[r.Name] || seen[r.Name] {
			return
		}
		seen[r.Name] = true
		s.rules = append(s.rules, r)
		e := &entry{UnwrapRule: r, kind: r.Kind, wild: strings.Contains(r.Path, "*")}
		if e.kind == 0 {
			e.kind = ForImages
		}
		if len(r.Hosts) == 0 && r.keys != nil {
			s.addKeys(e)
			return
		}
		if len(r.Hosts) == 0 {
			if seg, ok := literalSegment(r.Path); ok {
				s.bySeg[seg] = append(s.bySeg[seg], e)
				s.segKeys.add(seg)
			} else {
				s.addAny(e)
			}
			return
		}
		var keys []string
		for _, h := range r.Hosts {
			key := domainKey(strings.TrimPrefix(h, "."))
			if !strings.Contains(key, ".") {
				// ".dev" or "localhost": too short to index.
				s.addAny(e)
				return
			}
			if !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
		for _, k := range keys {
			s.byDomain[k] = append(s.byDomain[k], e)
			s.domainKeys.add(k)
		}
	}
	for i := range added {
		push(&added[i])
	}
	for i := range builtinRules {
		push(&builtinRules[i])
	}
	return s
}

// addKeys indexes e by its path keys.
func (s *ruleSet) addKeys(e *entry) {
	for _, k := range e.keys.first {
		s.bySeg[k] = append(s.bySeg[k], e)
		s.segKeys.add(k)
	}
	for _, k := range e.keys.second {
		s.bySecond[k] = append(s.bySecond[k], e)
		s.secondKeys.add(k)
		s.maxSecond = max(s.maxSecond, len(k))
	}
	for _, n := range e.keys.firstLen {
		s.byLen[n] = append(s.byLen[n], e)
	}
}

// addAny adds e to the lists of rules tried on every URL of its kinds.
func (s *ruleSet) addAny(e *entry) {
	for _, k := range []UnwrapKind{ForImages, ForLinks} {
		if e.kind&k != 0 {
			s.anyHost[k] = append(s.anyHost[k], e)
		}
	}
}

// domainKey returns the last two labels of a host name.
func domainKey(host string) string {
	i := strings.LastIndexByte(host, '.')
	if i <= 0 {
		return host
	}
	if j := strings.LastIndexByte(host[:i], '.'); j >= 0 {
		return host[j+1:]
	}
	return host
}

// literalSegment returns the first segment of a path pattern when the
// pattern spells it out whole, as "/_next/image" does "_next".
func literalSegment(pattern string) (string, bool) {
	p, ok := strings.CutPrefix(pattern, "/")
	if !ok {
		return "", false
	}
	seg, _, ok := strings.Cut(p, "/")
	return seg, ok && seg != "" && !strings.Contains(seg, "*")
}

// unwrap peels proxies off raw until no rule of the kind applies.
func (s *ruleSet) unwrap(raw string, kind UnwrapKind) string {
	cur := raw
	for depth := 0; ; depth++ {
		next, _, ok := s.step(cur, kind)
		if !ok {
			return cur
		}
		if depth == maxUnwrapDepth {
			return raw
		}
		cur = next
	}
}

// step applies the first rule that recovers a URL from raw, and returns the
// URL and the rule.
func (s *ruleSet) step(raw string, kind UnwrapKind) (string, *UnwrapRule, bool) {
	v, ok := splitURL(raw)
	if !ok {
		return "", nil, false
	}
	// The candidate lists, in order of precedence. Most URLs have none, and
	// cost no map lookup.
	var lists [5][]*entry
	n := 0
	if s.domainKeys.has(v.domain) {
		if l := s.byDomain[v.domain]; len(l) > 0 {
			lists[n], n = l, n+1
		}
	}
	if v.seg != "" && s.segKeys.has(v.seg) {
		if l := s.bySeg[v.seg]; len(l) > 0 {
			lists[n], n = l, n+1
		}
	}
	if k := len(v.seg); k < len(s.byLen) && len(s.byLen[k]) > 0 {
		lists[n], n = s.byLen[k], n+1
	}
	if second := v.secondSegment(s.maxSecond); second != "" && s.secondKeys.has(second) {
		if l := s.bySecond[second]; len(l) > 0 {
			lists[n], n = l, n+1
		}
	}
	if l := s.anyHost[kind]; len(l) > 0 {
		lists[n], n = l, n+1
	}
	if n == 0 {
		return "", nil, false
	}
	for _, l := range lists[:n] {
		for _, e := range l {
			if !e.applies(kind, &v) {
				continue
			}
			if out, ok := e.apply(raw); ok {
				return out, e.UnwrapRule, true
			}
		}
	}
	return "", nil, false
}

// applies reports whether e is of the kind and its pattern matches v. It
// does not allocate.
func (e *entry) applies(kind UnwrapKind, v *urlView) bool {
	if e.kind&kind == 0 || !hasHost(e.Hosts, v.host) {
		return false
	}
	v.complete()
	if e.wild {
		if !hasPathPattern(v.path, e.Path) {
			return false
		}
	} else if !strings.HasPrefix(v.path, e.Path) {
		return false
	}
	return e.match == nil || e.match(*v)
}

// hasHost reports whether host is one of hosts, or a subdomain of one that
// starts with a dot. An empty list matches every host.
func hasHost(hosts []string, host string) bool {
	if len(hosts) == 0 {
		return true
	}
	for _, h := range hosts {
		if h == host || h[0] == '.' && strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// apply normalises raw, decodes it with r and checks the result.
func (r *UnwrapRule) apply(raw string) (string, bool) {
	canon, ok := canonicalURL(decodeEntities(raw))
	if !ok {
		return "", false
	}
	u, err := url.Parse(canon)
	if err != nil {
		return "", false
	}
	out, ok := r.Decode(u)
	if !ok {
		return "", false
	}
	if u.Fragment != "" && !containsByte(out, '#') {
		out += "#" + u.EscapedFragment()
	}
	out, ok = canonicalURL(out)
	if !ok || out == canon {
		return "", false
	}
	return out, true
}
