package article

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
)

// This file holds the decoders of the built-in rules (unwrap_rules.go) and
// the small helpers they share. Every decoder receives a URL that canonicalURL
// made canonical, so u.EscapedPath() is the path as found, and returns the
// inner URL, which the caller checks with canonicalURL.

// params lists a proxy's own query parameters. A name ending in '*' matches
// every name with that prefix, so allParams matches every parameter.
type params []string

var allParams = params{"*"}

func (p params) has(name string) bool {
	for _, o := range p {
		if o == name || strings.HasSuffix(o, "*") && strings.HasPrefix(name, o[:len(o)-1]) {
			return true
		}
	}
	return false
}

// isEncoded reports whether an inner URL v was percent-encoded as a whole,
// as encodeURIComponent does, rather than written raw: whether its first URL
// delimiter is an escape (%2F, %3F, %3A) rather than a literal '/', '?' or
// ':'. A value with no delimiter counts as encoded; decoding it is harmless.
func isEncoded(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '/', '?', ':':
			return false
		case '%':
			if i+2 < len(v) {
				switch v[i+1] {
				case '2':
					if v[i+2] == 'F' || v[i+2] == 'f' {
						return true
					}
				case '3':
					switch v[i+2] {
					case 'F', 'f', 'A', 'a':
						return true
					}
				}
			}
		}
	}
	return true
}

// decodeOnce returns v percent-decoded once if it was encoded as a whole,
// and v as it is if it was written raw, so that escapes belonging to the
// origin (%2B, %3E, %B1%E8) survive. It never turns '+' into a space.
func decodeOnce(v string) (string, bool) {
	if !isEncoded(v) {
		return v, true
	}
	d, err := url.PathUnescape(v)
	if err != nil {
		return "", false
	}
	return d, true
}

// queryURL returns the inner URL in the query parameter key of the raw
// query q, decoded once.
//
// Who owns a raw '&' depends on the proxy. When own is nil, the proxy takes
// this one parameter only, so a raw value runs greedily to the end of the
// query. Otherwise a raw value that has its own '?' also takes the later
// parameters that are not in own: those are the origin's, and the proxy's
// own options are not. An encoded value always ends at the next '&'.
func queryURL(q, key string, own params) (string, bool) {
	for rest := q; rest != ""; {
		start := len(q) - len(rest)
		var p string
		p, rest, _ = strings.Cut(rest, "&")
		name, val, ok := strings.Cut(p, "=")
		if !ok || name != key || val == "" {
			continue
		}
		if isEncoded(val) {
			return decodeOnce(val)
		}
		if own == nil {
			return q[start+len(key)+1:], true
		}
		if !containsByte(val, '?') || rest == "" {
			return val, true
		}
		return val + keptParams(rest, own, "&"), true
	}
	return "", false
}

// keptParams returns the parameters of the raw query q that are not in own,
// each preceded by sep and then joined with '&'.
func keptParams(q string, own params, sep string) string {
	var b strings.Builder
	for rest := q; rest != ""; {
		var p string
		p, rest, _ = strings.Cut(rest, "&")
		name, _, _ := strings.Cut(p, "=")
		if p == "" || own.has(name) {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(sep)
		} else {
			b.WriteByte('&')
		}
		b.WriteString(p)
	}
	return b.String()
}

// tailURL returns the inner URL written at the end of a proxy's path, tail
// being the escaped path after the proxy's prefix and q the raw query. An
// encoded tail is decoded once, and the query is the proxy's, since an
// encoder would have encoded the inner query too. A raw tail also takes the
// query parameters that are not in own.
func tailURL(tail, q string, own params) (string, bool) {
	if tail == "" {
		return "", false
	}
	if isEncoded(tail) {
		return decodeOnce(tail)
	}
	if q == "" {
		return tail, true
	}
	if own == nil {
		return tail + "?" + q, true
	}
	return tail + keptParams(q, own, "?"), true
}

// absoluteURL returns v as an absolute URL: v itself when it has an http(s)
// scheme, https for "//host/path", and def + "://" + v when v has no scheme
// but starts with a host name followed by a path. def == "" refuses
// scheme-less values.
func absoluteURL(v, def string) (string, bool) {
	v = strings.TrimSpace(v)
	switch {
	case hasPrefixFold(v, "http:/"), hasPrefixFold(v, "https:/"):
		return v, true
	case strings.HasPrefix(v, "//"):
		return "https:" + v, true
	case def != "" && startsWithHost(v):
		return def + "://" + v, true
	}
	return "", false
}

// startsWithHost reports whether v looks like "host.name/path": a first
// segment that is a host name with a dot, followed by a '/'.
func startsWithHost(v string) bool {
	i := strings.IndexByte(v, '/')
	if i <= 0 {
		return false
	}
	h := v[:i]
	if j := strings.LastIndexByte(h, ':'); j >= 0 {
		if !allDigits(h[j+1:]) {
			return false
		}
		h = h[:j]
	}
	h = strings.ToLower(h)
	return containsByte(h, '.') && isHostName(h) && h[len(h)-1] != '.'
}

// resolveRoot returns v resolved against the origin of u when v is a
// root-relative path ("/img/a.jpg"), and v as an absolute URL otherwise.
func resolveRoot(u *url.URL, v string) (string, bool) {
	if strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") {
		return u.Scheme + "://" + u.Host + v, true
	}
	return absoluteURL(v, "")
}

// afterPrefix returns the escaped path of u after prefix.
func afterPrefix(u *url.URL, prefix string) (string, bool) {
	return strings.CutPrefix(u.EscapedPath(), prefix)
}

// firstSegment returns the first segment of p (after its leading '/') and
// the rest after the segment's '/'.
func firstSegment(p string) (seg, rest string) {
	seg, rest, _ = strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg, rest
}

func hasParam(q, name, value string) bool {
	for rest := q; rest != ""; {
		var p string
		p, rest, _ = strings.Cut(rest, "&")
		if n, v, _ := strings.Cut(p, "="); n == name && v == value {
			return true
		}
	}
	return false
}

func isBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// decodeBase64URL decodes URL-safe base64, padded or not.
func decodeBase64URL(s string) (string, bool) {
	s = strings.TrimRight(s, "=")
	if !isBase64URL(s) {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// isHTTPURL reports whether s starts with an http(s) scheme and "//".
func isHTTPURL(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://")
}

// startsWithScheme reports whether a path segment is an http(s) scheme,
// raw ("https:") or encoded ("https%3A").
func startsWithScheme(seg string) bool {
	if len(seg) < 5 || seg[0]|0x20 != 'h' {
		return false
	}
	return hasPrefixFold(seg, "http:") || hasPrefixFold(seg, "https:") ||
		hasPrefixFold(seg, "http%3a") || hasPrefixFold(seg, "https%3a")
}

// --- bare-query and path-embedded CORS proxies ---

// decodeBareQuery handles "proxy/?<url>" and "proxy/?url=<url>": the whole
// query, or the url parameter's value to the end of the query, is the inner
// URL, raw or encoded once.
func decodeBareQuery(u *url.URL) (string, bool) {
	q := u.RawQuery
	if strings.HasPrefix(q, "url=") {
		v, ok := queryURL(q, "url", nil)
		if !ok {
			return "", false
		}
		return absoluteURL(v, "")
	}
	v, ok := decodeOnce(q)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "")
}

// pathEmbedded returns a decoder for proxies that take the inner URL as the
// rest of the path after prefix, and its query with it (cors-anywhere,
// thingproxy). def is the scheme of a scheme-less inner URL, or "" to refuse
// one.
func pathEmbedded(prefix, def string) func(*url.URL) (string, bool) {
	return func(u *url.URL) (string, bool) {
		tail, ok := afterPrefix(u, prefix)
		if !ok {
			return "", false
		}
		v, ok := tailURL(tail, u.RawQuery, nil)
		if !ok {
			return "", false
		}
		return absoluteURL(v, def)
	}
}

// queryParam returns a decoder for proxies that take the inner URL in one
// query parameter. def is the scheme of a scheme-less inner URL, or "".
func queryParam(key string, own params, def string) func(*url.URL) (string, bool) {
	return func(u *url.URL) (string, bool) {
		v, ok := queryURL(u.RawQuery, key, own)
		if !ok {
			return "", false
		}
		return absoluteURL(v, def)
	}
}

// --- image proxies ---

// decodeWeserv handles images.weserv.nl and wsrv.nl: "ssl:" or "//" means
// https, and no scheme means http.
func decodeWeserv(u *url.URL) (string, bool) {
	v, ok := queryURL(u.RawQuery, "url", weservParams)
	if !ok {
		return "", false
	}
	if hasPrefixFold(v, "ssl:") {
		v = strings.TrimLeft(v[len("ssl:"):], "/")
		return absoluteURL(v, "https")
	}
	return absoluteURL(v, "http")
}

// decodePhoton handles Jetpack's i0–i3.wp.com/<host>/<path>: ssl=1 means
// https, otherwise http, and every query parameter is Photon's.
func decodePhoton(u *url.URL) (string, bool) {
	p := strings.TrimPrefix(u.EscapedPath(), "/")
	if !startsWithHost(p) {
		return "", false
	}
	scheme := "http"
	if hasParam(u.RawQuery, "ssl", "1") {
		scheme = "https"
	}
	return scheme + "://" + p, true
}

// decodeCamo handles GitHub camo: /<digest>/<hex url>, where the digest is
// 40 (SHA-1) or 64 (SHA-256) hex characters, and /<digest>?url=<url>. The
// hex-decoded URL is used as it is, never percent-decoded.
func decodeCamo(u *url.URL) (string, bool) {
	digest, rest := firstSegment(u.EscapedPath())
	if (len(digest) != 40 && len(digest) != 64) || !isHexString(digest) {
		return "", false
	}
	if rest == "" {
		v, ok := queryURL(u.RawQuery, "url", params{})
		if !ok {
			return "", false
		}
		return absoluteURL(v, "")
	}
	if containsByte(rest, '/') || len(rest)%2 != 0 {
		return "", false
	}
	b, err := hex.DecodeString(rest)
	if err != nil || !isHTTPURL(string(b)) {
		return "", false
	}
	return string(b), true
}

func isHexString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// nextImage returns a decoder for Next.js /_next/image and Vercel
// /_vercel/image: ?url= holds an absolute or root-relative URL, resolved
// against the proxy's origin; w, q and dpl are the optimizer's.
func nextImage(path string) func(*url.URL) (string, bool) {
	return func(u *url.URL) (string, bool) {
		p := u.EscapedPath()
		if p != path && p != path+"/" {
			return "", false
		}
		v, ok := queryURL(u.RawQuery, "url", nextParams)
		if !ok {
			return "", false
		}
		return resolveRoot(u, v)
	}
}

// decodeIPX handles Nuxt's /_ipx/<modifiers>/<url or path>. IPX decodes the
// id once; a path is relative to the site's root.
func decodeIPX(u *url.URL) (string, bool) { return optionsThenURL(u, "/_ipx/") }

// isImgproxyPath matches imgproxy URLs on any host: an "insecure" or "_"
// signature, a 43-character base64url one, or a /plain/ source.
func isImgproxyPath(v urlView) bool {
	return v.seg == "insecure" || v.seg == "_" || (len(v.seg) == 43 && isBase64URL(v.seg)) ||
		strings.HasPrefix(v.rest, "/plain/")
}

// decodeImgproxy handles /<signature>/<options>/plain/<url>[@ext] and
// /<signature>/<options>/<base64url url>[.ext], whose encoded URL may be
// split with '/'.
func decodeImgproxy(u *url.URL) (string, bool) {
	_, rest := firstSegment(u.EscapedPath())
	if rest == "" {
		return "", false
	}
	if i := strings.Index("/"+rest, "/plain/"); i >= 0 {
		tail := rest[i+len("plain/"):]
		q := u.RawQuery
		if q != "" && !isEncoded(tail) {
			q = stripFormat(q)
		} else {
			tail = stripFormat(tail)
		}
		v, ok := tailURL(tail, q, nil)
		if !ok {
			return "", false
		}
		return absoluteURL(v, "")
	}
	segs := strings.Split(rest, "/")
	for i := range segs {
		if containsByte(segs[i], ':') {
			continue // a processing option
		}
		enc := strings.Join(segs[i:], "")
		if j := strings.LastIndexByte(enc, '.'); j >= 0 {
			enc = enc[:j]
		}
		if v, ok := decodeBase64URL(enc); ok && isHTTPURL(v) {
			return v, true
		}
	}
	return "", false
}

// stripFormat removes imgproxy's "@ext" output format from the end of s.
func stripFormat(s string) string {
	i := strings.LastIndexByte(s, '@')
	if i < 0 || len(s)-i-1 < 2 || len(s)-i-1 > 5 {
		return s
	}
	for _, c := range []byte(s[i+1:]) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return s
		}
	}
	return s[:i]
}

// isThumborPath matches thumbor and imagor URLs on any host: "unsafe", or a
// 28-character base64url HMAC-SHA1 signature, which ends in '='.
func isThumborPath(v urlView) bool {
	return v.seg == "unsafe" || isThumborSig(v.seg)
}

func isThumborSig(s string) bool {
	return len(s) == 28 && s[27] == '=' && isBase64URL(s[:27])
}

// decodeThumbor handles /<unsafe|hmac>/<options>/<url>: the options are
// skipped, and the image URL may be encoded, raw, or scheme-less (http).
func decodeThumbor(u *url.URL) (string, bool) {
	_, rest := firstSegment(u.EscapedPath())
	segs := strings.Split(rest, "/")
	i := 0
	for i < len(segs) && isThumborOption(segs[i]) {
		if strings.HasPrefix(segs[i], "filters:") {
			// Filter arguments may hold URLs with '/': skip to the
			// segment that closes the parentheses.
			depth := 0
			for ; i < len(segs); i++ {
				depth += strings.Count(segs[i], "(") - strings.Count(segs[i], ")")
				if depth <= 0 {
					break
				}
			}
		}
		i++
	}
	if i >= len(segs) {
		return "", false
	}
	v, ok := tailURL(strings.Join(segs[i:], "/"), u.RawQuery, nil)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "http")
}

func isThumborOption(s string) bool {
	switch s {
	case "meta", "trim", "fit-in", "full-fit-in", "adaptive-fit-in", "adaptive-full-fit-in",
		"stretch", "smart", "left", "right", "center", "top", "middle", "bottom", "debug", "upscale":
		return true
	}
	if strings.HasPrefix(s, "trim:") || strings.HasPrefix(s, "filters:") {
		return true
	}
	// AxB or AxB:CxD, with optional '-' flips: 300x200, -300x0, 10x20:300x400.
	for _, part := range strings.Split(s, ":") {
		w, h, ok := strings.Cut(part, "x")
		if !ok || !allDigits(strings.TrimPrefix(w, "-")) || !allDigits(strings.TrimPrefix(h, "-")) {
			return false
		}
	}
	return true
}

// isImageproxyPath matches willnorris/imageproxy on any host:
// /<options>/<http url>, the options a comma-separated list.
func isImageproxyPath(v urlView) bool {
	return len(v.rest) > 5 && startsWithScheme(v.rest[1:]) && isImageproxyOptions(v.seg)
}

func isImageproxyOptions(s string) bool {
	if s == "" {
		return true
	}
	for s != "" {
		var o string
		o, s, _ = strings.Cut(s, ",")
		if !isImageproxyOption(o) {
			return false
		}
	}
	return true
}

func isImageproxyOption(o string) bool {
	switch o {
	case "fit", "fv", "fh", "sc", "jpeg", "png", "tiff", "x":
		return true
	}
	switch {
	case o == "":
		return false
	case o[0] == 'r' || o[0] == 'q':
		return allDigits(o[1:]) && len(o) > 1
	case o[0] == 's' && len(o) > 1:
		return isBase64URL(strings.TrimRight(o[1:], "="))
	case len(o) > 2 && (o[:2] == "cx" || o[:2] == "cy" || o[:2] == "cw" || o[:2] == "ch"):
		return allDigits(strings.TrimPrefix(o[2:], "-"))
	}
	w, h, _ := strings.Cut(o, "x")
	return isDecimal(w) && isDecimal(h)
}

func isDecimal(s string) bool {
	i, f, _ := strings.Cut(s, ".")
	return allDigits(i) && allDigits(f)
}

// decodeImageproxy takes the rest of the path after the options segment,
// with the query, as the remote URL; imageproxy repairs "https:/" the same
// way.
func decodeImageproxy(u *url.URL) (string, bool) {
	_, rest := firstSegment(u.EscapedPath())
	v, ok := tailURL(rest, u.RawQuery, nil)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "")
}

// isFetchPath matches Cloudinary's /<cloud>/image/fetch/ and the
// /image/fetch/ of custom domains and Substack.
func isFetchPath(v urlView) bool {
	return v.seg == "image" && strings.HasPrefix(v.rest, "/fetch/") ||
		v.seg != "" && strings.HasPrefix(v.rest, "/image/fetch/")
}

// decodeFetch handles /image/fetch/<transformations>/<url>: the URL starts
// at the first segment that is an http(s) scheme. Cloudinary's _a
// analytics parameter is never the origin's.
func decodeFetch(u *url.URL) (string, bool) {
	return urlAfterMarker(u, "/image/fetch/", cloudinaryParams)
}

// urlAfterMarker handles paths of the form …<marker><segments>/<url>: the
// URL starts at the first segment after marker that is an http(s) scheme,
// and takes the query but for the proxy's own parameters.
func urlAfterMarker(u *url.URL, marker string, own params) (string, bool) {
	p := u.EscapedPath()
	i := strings.Index(p, marker)
	if i < 0 {
		return "", false
	}
	segs := strings.Split(p[i+len(marker):], "/")
	for j, s := range segs {
		if startsWithScheme(s) {
			v, ok := tailURL(strings.Join(segs[j:], "/"), u.RawQuery, own)
			if !ok {
				return "", false
			}
			return absoluteURL(v, "")
		}
	}
	return "", false
}

// isYahooResPath matches /{uu,ny,lo,os}/api/res/1.2/ and
// /sy/uu/api/res/1.2/.
func isYahooResPath(v urlView) bool {
	switch v.seg {
	case "uu", "ny", "lo", "os":
		return strings.HasPrefix(v.rest, "/api/res/1.2/")
	case "sy":
		return strings.HasPrefix(v.rest, "/uu/api/res/1.2/")
	}
	return false
}

// decodeYahooRes handles .../api/res/1.2/<options>/<app>/<url>: the URL
// starts at the first segment after the marker that is an http(s) scheme.
func decodeYahooRes(u *url.URL) (string, bool) { return urlAfterMarker(u, "/api/res/1.2/", nil) }

// decodeCloudflare handles /cdn-cgi/image/<options>/<url or path>: a path
// is on the proxy's own zone.
func decodeCloudflare(u *url.URL) (string, bool) { return optionsThenURL(u, "/cdn-cgi/image/") }

// optionsThenURL handles <prefix><options>/<url or path>, as Nuxt IPX and
// Cloudflare write: the URL, decoded once, or a path on the proxy's own
// origin.
func optionsThenURL(u *url.URL, prefix string) (string, bool) {
	rest, ok := afterPrefix(u, prefix)
	if !ok {
		return "", false
	}
	opts, tail, ok := strings.Cut(rest, "/")
	if !ok || opts == "" || tail == "" {
		return "", false
	}
	v, ok := tailURL(tail, u.RawQuery, nil)
	if !ok {
		return "", false
	}
	if startsWithScheme(v) || strings.HasPrefix(v, "//") {
		return absoluteURL(v, "")
	}
	return resolveRoot(u, "/"+strings.TrimLeft(v, "/"))
}

// decodeAMP handles the Google AMP cache: /i/ (images), /ii/w<N>/ (resized
// images), /c/ and /v/ (documents), then "s/" for https, then host and path.
// The query is the origin's, less the viewer's own parameters.
func decodeAMP(u *url.URL) (string, bool) {
	kind, rest := firstSegment(u.EscapedPath())
	switch kind {
	case "i", "c", "v":
	case "ii":
		var w string
		w, rest, _ = strings.Cut(rest, "/")
		if len(w) < 2 || w[0] != 'w' || !allDigits(w[1:]) {
			return "", false
		}
	default:
		return "", false
	}
	scheme := "http"
	if r, ok := strings.CutPrefix(rest, "s/"); ok {
		scheme, rest = "https", r
	}
	if !startsWithHost(rest) {
		return "", false
	}
	v := scheme + "://" + rest
	if u.RawQuery != "" {
		v += keptParams(u.RawQuery, ampParams, "?")
	}
	return v, true
}

// decodeStatically handles cdn.statically.io/img/<host>/[<options>/]<path>,
// fetched over https.
func decodeStatically(u *url.URL) (string, bool) {
	rest, ok := afterPrefix(u, "/img/")
	if !ok {
		return "", false
	}
	host, path, ok := strings.Cut(rest, "/")
	if !ok || path == "" {
		return "", false
	}
	if opts, p, ok := strings.Cut(path, "/"); ok && isStaticallyOptions(opts) {
		path = p
	}
	return absoluteURL(host+"/"+path, "https")
}

// isStaticallyOptions matches "w=300,h=200,f=auto".
func isStaticallyOptions(s string) bool {
	for _, o := range strings.Split(s, ",") {
		k, _, ok := strings.Cut(o, "=")
		if !ok || k == "" || len(k) > 8 {
			return false
		}
	}
	return true
}

// decodeImagecdn handles imagecdn.app/v2/image/<url>: the query (width,
// height, format, fit) is the service's.
func decodeImagecdn(u *url.URL) (string, bool) {
	tail, ok := afterPrefix(u, "/v2/image/")
	if !ok {
		return "", false
	}
	v, ok := tailURL(tail, u.RawQuery, imagecdnParams)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "")
}

// decodeDiscord handles /external/<hash>/[<query>/]<scheme>/<host>/<path>.
// The encoded query segment is the origin's; the proxy's query (width,
// height, format) is Discord's.
func decodeDiscord(u *url.URL) (string, bool) {
	rest, ok := afterPrefix(u, "/external/")
	if !ok {
		return "", false
	}
	_, rest, ok = strings.Cut(rest, "/") // the hash
	if !ok {
		return "", false
	}
	query := ""
	if hasPrefixFold(rest, "%3f") {
		query, rest, _ = strings.Cut(rest, "/")
		q, err := url.PathUnescape(query)
		if err != nil {
			return "", false
		}
		query = q
	}
	scheme, rest, ok := strings.Cut(rest, "/")
	if !ok || (scheme != "http" && scheme != "https") || !startsWithHost(rest) {
		return "", false
	}
	return scheme + "://" + rest + query, true
}

// isMinifluxPath matches Miniflux's media proxy on any host:
// /proxy/<base64 hmac>/<base64url url>.
func isMinifluxPath(v urlView) bool {
	mac, enc, ok := strings.Cut(strings.TrimPrefix(v.rest, "/"), "/")
	return ok && len(mac) >= 16 && enc != "" && !containsByte(enc, '/')
}

func decodeMiniflux(u *url.URL) (string, bool) {
	_, enc := firstSegment(strings.TrimPrefix(u.EscapedPath(), "/proxy"))
	v, ok := decodeBase64URL(enc)
	if !ok || !isHTTPURL(v) {
		return "", false
	}
	return v, true
}

// decodeNaver handles search.pstatic.net and dthumb-phinf.pstatic.net
// ?src=<url>, whose value is sometimes wrapped in double quotes.
func decodeNaver(u *url.URL) (string, bool) {
	v, ok := queryURL(u.RawQuery, "src", naverParams)
	if !ok {
		return "", false
	}
	for _, q := range []string{`"`, "%22"} {
		if len(v) >= 2*len(q) && strings.HasPrefix(v, q) && strings.HasSuffix(v, q) {
			v = v[len(q) : len(v)-len(q)]
		}
	}
	return absoluteURL(v, "")
}

// decodeBaidu handles gimg*.baidu.com/image_search/src=<url>&refer=…: the
// parameters sit in the path, and the real query (sec, t) is Baidu's.
func decodeBaidu(u *url.URL) (string, bool) {
	rest, ok := afterPrefix(u, "/image_search/")
	if !ok {
		return "", false
	}
	v, ok := queryURL(rest, "src", baiduParams)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "")
}

// decodeWayback handles web.archive.org/web/<timestamp>im_/<url>: the query
// is the archived URL's.
func decodeWayback(u *url.URL) (string, bool) {
	rest, ok := afterPrefix(u, "/web/")
	if !ok {
		return "", false
	}
	ts, tail, ok := strings.Cut(rest, "/")
	d, ok2 := strings.CutSuffix(ts, "im_")
	if !ok || !ok2 || d == "" || len(d) > 14 || !allDigits(d) {
		return "", false
	}
	v, ok := tailURL(tail, u.RawQuery, nil)
	if !ok {
		return "", false
	}
	return absoluteURL(v, "http")
}

// --- link redirectors ---

// isGoogleRedirect matches google.<tld>/url and www.google.<tld>/url.
func isGoogleRedirect(v urlView) bool {
	if v.path != "/url" {
		return false
	}
	h := strings.TrimPrefix(v.host, "www.")
	rest, ok := strings.CutPrefix(h, "google.")
	if !ok || rest == "" || len(rest) > 6 {
		return false
	}
	// com, de, co.uk, com.au: one or two short labels.
	a, b, two := strings.Cut(rest, ".")
	return isLetters(a) && (!two || isLetters(b))
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// decodeGoogleRedirect takes ?q= or, failing that, ?url=.
func decodeGoogleRedirect(u *url.URL) (string, bool) {
	for _, key := range []string{"q", "url"} {
		if v, ok := queryURL(u.RawQuery, key, googleParams); ok {
			if v, ok := absoluteURL(v, ""); ok {
				return v, true
			}
		}
	}
	return "", false
}
