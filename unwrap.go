package article

import "strings"

// Unwrapper recovers the original URL from a proxied image URL or a
// redirecting link. The zero value uses every built-in rule and is safe for
// concurrent use.
//
// This is the minimal foundation version: it knows the bare-query CORS worker
// form only. The rule registry replaces it.
type Unwrapper struct{}

var defaultUnwrapper Unwrapper

// Unwrap returns the original URL behind a proxied image URL, using the
// built-in rules. A URL that is not a proxy is returned unchanged.
func Unwrap(raw string) string { return defaultUnwrapper.Unwrap(raw) }

// UnwrapLink returns the destination of a redirecting link, using the
// built-in rules. A URL that is not a redirector is returned unchanged.
func UnwrapLink(raw string) string { return defaultUnwrapper.UnwrapLink(raw) }

// Unwrap returns the original URL behind a proxied image URL.
func (u *Unwrapper) Unwrap(raw string) string {
	for depth := 0; depth < 4; depth++ {
		next, ok := unwrapBareQuery(raw)
		if !ok {
			break
		}
		raw = next
	}
	return raw
}

// UnwrapLink returns the destination of a redirecting link.
func (u *Unwrapper) UnwrapLink(raw string) string { return raw }

// unwrapBareQuery handles https://x.workers.dev/?http://origin/...
func unwrapBareQuery(raw string) (string, bool) {
	i := strings.Index(raw, "/?http")
	if i < 0 || !strings.HasPrefix(raw, "http") {
		return "", false
	}
	host := raw[:i]
	if !strings.HasSuffix(host, ".workers.dev") {
		return "", false
	}
	inner := raw[i+2:]
	if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") {
		return inner, true
	}
	return "", false
}
