package article

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// vector is one hostile input of testdata/xss/vectors.txt.
type vector struct {
	name string
	live bool // runs its payload when loaded unsanitized in Chromium
	html string
}

// loadVectors reads testdata/xss/vectors.txt: "-- name [live] --" lines,
// each followed by its HTML. "{{repeat N X}}" stands for X written N times.
func loadVectors(tb testing.TB) []vector {
	src, err := os.ReadFile(filepath.Join("testdata", "xss", "vectors.txt"))
	require.NoError(tb, err)
	var out []vector
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(name, " --") {
			f := strings.Fields(strings.TrimSuffix(name, " --"))
			out = append(out, vector{name: f[0], live: len(f) > 1 && f[1] == "live"})
			continue
		}
		if len(out) == 0 || strings.TrimSpace(line) == "" && out[len(out)-1].html == "" {
			continue
		}
		out[len(out)-1].html += line
	}
	for i := range out {
		v := &out[i]
		v.html = strings.TrimRight(v.html, "\n")
		for {
			start := strings.Index(v.html, "{{repeat ")
			if start < 0 {
				break
			}
			end := strings.Index(v.html[start:], "}}")
			require.Positive(tb, end, "%s: unterminated {{repeat", v.name)
			n, x, _ := strings.Cut(v.html[start+len("{{repeat "):start+end], " ")
			count, err := strconv.Atoi(n)
			require.NoError(tb, err, v.name)
			v.html = v.html[:start] + strings.Repeat(x, count) + v.html[start+end+2:]
		}
	}
	return out
}

// TestSanitizeVectors runs every hostile vector through Sanitize and
// through Parse, and checks the output's tree: only allowed elements and
// attributes, safe URLs, and the sanitizer's properties.
func TestSanitizeVectors(t *testing.T) {
	vectors := loadVectors(t)
	require.GreaterOrEqual(t, len(vectors), 60)
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			out := Sanitize(v.html)
			checkSanitized(t, v.html, out)

			a, err := ParseBytes([]byte(v.html))
			require.NoError(t, err)
			h := a.HTML()
			checkSafeTree(t, h)
			assert.Equal(t, h, Sanitize(h), "Parse output changes under Sanitize")
		})
	}
}

// checkSanitized checks the properties of out = Sanitize(in): a safe tree,
// idempotent, stable under re-parsing, no more elements than in, and the
// text of the allowed content kept.
func checkSanitized(t *testing.T, in, out string) {
	t.Helper()
	checkSafeTree(t, out)
	assert.Equal(t, out, Sanitize(out), "not idempotent")
	if nodes, err := parseBody(out); assert.NoError(t, err) {
		assert.Equal(t, out, renderNodes(nodes), "not stable under re-parsing")
	}
	inNodes, err := parseBody(in)
	if err != nil {
		// Too deep for the parser: the text only.
		assert.NotContains(t, out, "<")
		return
	}
	outNodes, err := parseBody(out)
	require.NoError(t, err)
	assert.LessOrEqual(t, countElements(outNodes), countElements(inNodes), "more elements out than in")
	assert.Equal(t, allowedText(inNodes), allowedText(outNodes), "text of allowed content")
}

func parseBody(s string) ([]*html.Node, error) {
	return html.ParseFragmentWithOptions(strings.NewReader(s), bodyContext(), html.ParseOptionEnableScripting(false))
}

// renderNodes renders a sanitized tree as is: every node is allowed.
func renderNodes(nodes []*html.Node) string {
	var b strings.Builder
	z := sanitizer{p: &defaultPolicy, b: &b}
	for _, n := range nodes {
		z.render(n)
	}
	return b.String()
}

func countElements(nodes []*html.Node) int {
	n := 0
	for _, root := range nodes {
		if root.Type == html.ElementNode {
			n++
		}
		for d := range root.Descendants() {
			if d.Type == html.ElementNode {
				n++
			}
		}
	}
	return n
}

// allowedText returns the text a sanitizer must keep: every text node but
// those in dropped elements, foreign content, and the raw text of iframes
// and the fallback of video and audio.
func allowedText(nodes []*html.Node) string {
	var b strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Namespace != "" || sanitizeDropped[n.DataAtom] {
				return
			}
			switch n.DataAtom {
			case atom.Iframe, atom.Video, atom.Audio:
				return
			}
		default:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	for _, n := range nodes {
		visit(n)
	}
	return b.String()
}

// safeAttrs lists, independently of the sanitizer's code, the attributes
// each element may carry in safe output.
var safeAttrs = map[string]map[string]bool{
	"a":          {"href": true, "title": true, "rel": true},
	"img":        {"src": true, "srcset": true, "alt": true, "title": true, "width": true, "height": true, "loading": true, "referrerpolicy": true},
	"iframe":     {"src": true, "title": true, "sandbox": true, "allowfullscreen": true, "loading": true, "referrerpolicy": true},
	"video":      {"src": true, "poster": true, "title": true, "controls": true, "preload": true},
	"audio":      {"src": true, "title": true, "controls": true, "preload": true},
	"code":       {"class": true},
	"abbr":       {"title": true},
	"dfn":        {"title": true},
	"blockquote": {"cite": true},
	"q":          {"cite": true},
	"del":        {"cite": true},
	"ins":        {"cite": true},
}

var safeElements = map[string]bool{
	"p": true, "br": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "code": true, "ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "th": true, "td": true, "caption": true,
	"figure": true, "figcaption": true, "a": true, "img": true, "iframe": true, "video": true, "audio": true,
	"b": true, "strong": true, "i": true, "em": true, "u": true, "s": true, "del": true, "ins": true, "mark": true,
	"small": true, "sub": true, "sup": true, "kbd": true, "samp": true, "var": true, "abbr": true, "cite": true,
	"q": true, "dfn": true, "ruby": true, "rt": true, "rp": true,
}

// checkSafeTree parses h as a browser would and checks every element and
// attribute against the lists above, and every URL as a browser reads it.
func checkSafeTree(t *testing.T, h string) {
	t.Helper()
	nodes, err := parseBody(h)
	require.NoError(t, err)
	for _, root := range nodes {
		checkSafeNode(t, root)
		for d := range root.Descendants() {
			checkSafeNode(t, d)
		}
	}
}

func checkSafeNode(t *testing.T, n *html.Node) {
	t.Helper()
	switch n.Type {
	case html.ElementNode:
	case html.CommentNode, html.DoctypeNode:
		t.Errorf("%v node in the output", n.Type)
		return
	default:
		return
	}
	if n.Namespace != "" || !safeElements[n.Data] {
		t.Errorf("element <%s> (namespace %q) in the output", n.Data, n.Namespace)
		return
	}
	for _, a := range n.Attr {
		if a.Namespace != "" || !safeAttrs[n.Data][a.Key] {
			t.Errorf("attribute %s on <%s> in the output", a.Key, n.Data)
			continue
		}
		switch a.Key {
		case "href", "src", "poster", "cite":
			assert.True(t, safeScheme(a.Val, n.Data == "a"), "unsafe URL %s=%q on <%s>", a.Key, a.Val, n.Data)
		case "srcset":
			// Split as a browser does: a URL runs to white space, so
			// commas inside it ("#,a:0", Cloudinary's "w_300,c_fill") are
			// its own.
			for _, u := range srcsetURLs(a.Val) {
				assert.True(t, safeScheme(u, false), "unsafe srcset URL %q", u)
			}
		case "rel":
			assert.Equal(t, "nofollow noopener noreferrer", a.Val)
		case "sandbox":
			assert.NotContains(t, a.Val, "allow-top-navigation")
			assert.NotContains(t, a.Val, "allow-forms")
			assert.NotContains(t, a.Val, "allow-modals")
		}
	}
	switch n.Data {
	case "iframe":
		assert.True(t, hasAttr(n, "sandbox"), "iframe without sandbox")
		src := getAttr(n, "src")
		host := browserHost(src)
		assert.True(t, defaultPolicy.isEmbedHost(host), "iframe from %q (%s)", host, src)
		assert.NotEqual(t, "www.youtube.com", host, "YouTube not rewritten to youtube-nocookie")
	case "a":
		assert.Equal(t, "nofollow noopener noreferrer", getAttr(n, "rel"))
	case "img":
		assert.Equal(t, "lazy", getAttr(n, "loading"))
		assert.Equal(t, "no-referrer", getAttr(n, "referrerpolicy"))
	}
}

// safeScheme reads the scheme of a URL as the URL standard does (leading
// and trailing C0 controls and spaces stripped, tabs and newlines removed
// anywhere) and reports whether it is http, https, none, or for links
// mailto.
func safeScheme(raw string, link bool) bool {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= 0x20 })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	scheme := ""
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if 'a' <= c && c <= 'z' {
			continue
		}
		if i > 0 && ('0' <= s[i] && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.') {
			continue
		}
		if s[i] == ':' && i > 0 {
			scheme = strings.ToLower(s[:i])
		}
		break
	}
	switch scheme {
	case "", "http", "https":
		return true
	case "mailto":
		return link
	}
	return false
}

// browserHost returns the host of an http(s) URL as a browser reads it: a
// backslash ends the authority like a slash, and user info is dropped.
func browserHost(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	h := u[i+3:]
	if j := strings.IndexAny(h, "/\\?#"); j >= 0 {
		h = h[:j]
	}
	if j := strings.LastIndexByte(h, '@'); j >= 0 {
		h = h[j+1:]
	}
	if j := strings.LastIndexByte(h, ':'); j >= 0 {
		h = h[:j]
	}
	return strings.ToLower(h)
}

func TestSanitize(t *testing.T) {
	const (
		rel = ` rel="nofollow noopener noreferrer"`
		img = ` loading="lazy" referrerpolicy="no-referrer"`
		box = ` sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" allowfullscreen loading="lazy" referrerpolicy="no-referrer"`
	)
	tests := []struct {
		name, in, want string
	}{
		{"event handler", `<p onclick="x()">a</p>`, `<p>a</p>`},
		{"script", `<script>alert(1)</script><p>b</p>`, `<p>b</p>`},
		{"style attribute and unknown wrappers", `<div><span style="color:red">c</span></div>`, `c`},
		{"javascript link keeps its text", `<a href="javascript:alert(1)">d</a>`, `d`},
		{"link", `<a href="https://x.com" target="_blank">e</a>`, `<a href="https://x.com"` + rel + `>e</a>`},
		{"mailto", `<a href="mailto:a@b.c">m</a>`, `<a href="mailto:a@b.c"` + rel + `>m</a>`},
		{"relative link", `<a href="/p?q=1&amp;r=2#f">r</a>`, `<a href="/p?q=1&amp;r=2#f"` + rel + `>r</a>`},
		{"control character in URL", `<a href="/a&#1;b">c</a>`, `c`},
		{"entity-encoded scheme", `<a href="&#x6A;avascript&colon;x">f</a>`, `f`},
		{"tab in scheme", "<a href=\"java\tscript:x\">g</a>", `g`},
		{"data link", `<a href="data:text/html,x">h</a>`, `h`},
		{"image", `<img src="https://x.com/a.png" onerror="x()" width="10" height="20px" alt="a">`, `<img src="https://x.com/a.png" alt="a" width="10" height="20"` + img + `>`},
		{"javascript image", `<img src="javascript:x">`, ``},
		{"data image", `<img src="data:image/png;base64,AAAA">`, ``},
		{"srcset checked per candidate", `<img srcset="javascript:x 1x,  https://x.com/b.png   2x, /c.png 640w, data:image/png,AA 3x">`,
			`<img srcset="https://x.com/b.png 2x, /c.png 640w"` + img + `>`},
		{"video poster", `<video src="https://x.com/v.mp4" poster="javascript:x" onplay="x()"></video><video src="/v.mp4" poster="/p.jpg"></video>`,
			`<video src="https://x.com/v.mp4" controls preload="none"></video><video src="/v.mp4" poster="/p.jpg" controls preload="none"></video>`},
		{"video source", `<video><source src="https://x.com/v.webm">fallback</video>`, `<video src="https://x.com/v.webm" controls preload="none"></video>`},
		{"cite", `<blockquote cite="javascript:x">a</blockquote><q cite="https://x.com/">b</q>`, `<blockquote>a</blockquote><q cite="https://x.com/">b</q>`},
		{"youtube", `<iframe src="https://www.youtube.com/embed/abc?t=1"></iframe>`, `<iframe src="https://www.youtube-nocookie.com/embed/abc?t=1"` + box + `></iframe>`},
		{"scheme-relative embed", `<iframe src="//player.vimeo.com/video/1" title="v"></iframe>`, `<iframe src="https://player.vimeo.com/video/1" title="v"` + box + `></iframe>`},
		{"iframe srcdoc and sandbox replaced", `<iframe src="https://player.vimeo.com/video/1" srcdoc="<script>x</script>" sandbox="allow-top-navigation"></iframe>`,
			`<iframe src="https://player.vimeo.com/video/1"` + box + `></iframe>`},
		{"iframe from another host", `<iframe src="https://evil.example/"></iframe>`, ``},
		{"iframe host behind a backslash", `<iframe src="https://evil.example\@www.youtube.com/embed/x"></iframe>`, ``},
		{"iframe host behind user info", `<iframe src="https://www.youtube.com@evil.example/embed/x"></iframe>`, ``},
		{"iframe suffix is not a subdomain", `<iframe src="https://evilplayer.vimeo.com.example/"></iframe>`, ``},
		{"svg", `<svg><script>alert(1)</script></svg>x`, `x`},
		{"math", `<math><mi>x</mi></math>y`, `y`},
		{"style and template", `<style>p{}</style><template><p>t</p></template>y`, `y`},
		{"form controls dropped, form unwrapped", `<form action="/x">a<input value="v"><button>b</button><select><option>o</option></select><textarea>t</textarea></form>`, `a`},
		{"meta, link, base", `<meta http-equiv="refresh" content="0;url=/x"><link rel="stylesheet" href="/s.css"><base href="/b/">z`, `z`},
		{"object, embed, applet", `<object data="/x"><param name="a">o</object><embed src="/y"><applet>p</applet>q`, `q`},
		{"noscript shell", `<noscript><img src="https://x.com/a.png"></noscript>n`, `n`},
		{"comments and cdata", `a<!-- c --><![CDATA[d]]>b`, `ab`},
		{"xmp text escaped", `<xmp><img src=x onerror=y></xmp>`, `&lt;img src=x onerror=y&gt;`},
		{"code language", `<code class="language-go bad">z</code><code class="language-go">z</code>`, `<code>z</code><code class="language-go">z</code>`},
		{"abbr title", `<abbr title="a &quot;b&quot;" id="x">c</abbr>`, `<abbr title="a &#34;b&#34;">c</abbr>`},
		{"entities", `a &lt;b&gt; &amp; &quot;q&quot; 'a'`, `a &lt;b&gt; &amp; &#34;q&#34; &#39;a&#39;`},
		{"carriage return escaped", `a&#13;b`, `a&#13;b`},
		{"pre keeps a leading newline", "<pre>\n\nx</pre><pre><span>\ny</span></pre><pre><code>\nz</code></pre>",
			"<pre>\n\nx</pre><pre>\n\ny</pre><pre><code>\nz</code></pre>"},
		{"heading in heading after unwrapping", `<h1>a<marquee><h2>b</h2></marquee></h1>`, `<h1>ab</h1>`},
		{"block in paragraph after unwrapping", `<p>a<marquee><ul><li>b</li></ul><table><tr><td>c</td></tr></table></marquee>d</p>`, `<p>abcd</p>`},
		{"link in link after unwrapping", `<a href="/1">a<marquee><a href="/2">b</a></marquee></a>`, `<a href="/1"` + rel + `>ab</a>`},
		{"link in table cell in link", `<a href="/1">a<table><tr><td><a href="/2">b</a></td></tr></table></a>`,
			`<a href="/1"` + rel + `>a<table><tbody><tr><td><a href="/2"` + rel + `>b</a></td></tr></tbody></table></a>`},
		{"list item in list item after unwrapping", `<ul><li>a<section><li>b</li></section></li></ul>`, `<ul><li>ab</li></ul>`},
		{"nested list", `<ul><li>a<ul><li>b</li></ul></li></ul>`, `<ul><li>a<ul><li>b</li></ul></li></ul>`},
		{"dd in dt after unwrapping", `<dl><dt>a<section><dd>b</dd></section></dt></dl>`, `<dl><dt>ab</dt></dl>`},
		{"rt in rt after unwrapping", `<ruby>a<rt>b<span><rt>c</rt></span></rt></ruby>`, `<ruby>a<rt>bc</rt></ruby>`},
		{"table", `<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tr><td>d</td></tr></table>`,
			`<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			assert.Equal(t, tt.want, got, "Sanitize(%q)", tt.in)
			checkSanitized(t, tt.in, got)
		})
	}
}

func TestPolicyEmbedHosts(t *testing.T) {
	p := &Policy{EmbedHosts: []string{".example.org"}}
	assert.Contains(t, p.Sanitize(`<iframe src="https://video.example.org/v/1"></iframe>`), "<iframe")
	assert.Empty(t, p.Sanitize(`<iframe src="https://example.org.evil/v/1"></iframe>`))
	assert.Empty(t, p.Sanitize(`<iframe src="https://www.youtube.com/embed/x"></iframe>`))
	assert.Empty(t, (&Policy{EmbedHosts: []string{}}).Sanitize(`<iframe src="https://www.youtube.com/embed/x"></iframe>`))
	assert.Empty(t, (&Policy{EmbedHosts: []string{"."}}).Sanitize(`<iframe src="https://x.com/"></iframe>`))

	// Parse takes the policy for its embeds; other iframes become links.
	post := `<iframe src="https://video.example.org/v/1"></iframe>`
	a, err := ParseBytes([]byte(post), WithPolicy(p))
	require.NoError(t, err)
	require.Len(t, a.Blocks, 1)
	assert.Contains(t, a.Blocks[0].HTML, "<iframe")
	a, err = ParseBytes([]byte(post))
	require.NoError(t, err)
	require.Len(t, a.Blocks, 1)
	assert.NotContains(t, a.Blocks[0].HTML, "<iframe")
	assert.Contains(t, a.Blocks[0].HTML, `<a href="https://video.example.org/v/1"`)
}

// TestSanitizeTooDeep: input the tree parser refuses gives its text,
// without the content of dropped elements.
func TestSanitizeTooDeep(t *testing.T) {
	in := strings.Repeat("<div>", 600) + `a <b>b</b><script>x()</script><style>s</style><img src=x onerror=y>&lt;c&gt;` + strings.Repeat("</div>", 600)
	out := Sanitize(in)
	assert.Equal(t, "a b&lt;c&gt;", out)
	assert.Equal(t, out, Sanitize(out))
}

// TestEscapeTextNoAlloc: escaping text with nothing to escape writes it in
// one piece.
func TestEscapeTextNoAlloc(t *testing.T) {
	var b strings.Builder
	b.Grow(64)
	s := "plain text with nothing to escape"
	allocs := testing.AllocsPerRun(100, func() {
		b.Reset()
		b.Grow(64)
		escapeText(&b, s)
	})
	assert.LessOrEqual(t, allocs, 1.0)
	assert.Equal(t, s, b.String())
}

// srcsetURLs returns every candidate URL of a srcset, data: URLs included,
// as the HTML standard's parsing finds them: leading white space and commas
// are skipped, a URL runs to white space (trailing commas are not part of
// it), and descriptors run to the next comma outside parentheses. It is
// written apart from parseSrcset, to check it.
func srcsetURLs(s string) []string {
	var out []string
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	for i := 0; i < len(s); {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		u := s[start:i]
		if u == "" {
			break
		}
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			out = append(out, trimmed)
			continue
		}
		out = append(out, u)
		for depth := 0; i < len(s); i++ {
			if s[i] == '(' {
				depth++
			} else if s[i] == ')' && depth > 0 {
				depth--
			} else if s[i] == ',' && depth == 0 {
				break
			}
		}
	}
	return out
}

func TestSrcsetURLs(t *testing.T) {
	assert.Equal(t, []string{"#,A:0"}, srcsetURLs("#,A:0"))
	assert.Equal(t, []string{"a.jpg", "b.jpg", "data:x"}, srcsetURLs(" a.jpg 1x, b.jpg 2x,data:x"))
	assert.Equal(t, []string{"a", "b"}, srcsetURLs("a,, b"))
	assert.Equal(t, []string{"u/w_300,c_fill/x.jpg"}, srcsetURLs("u/w_300,c_fill/x.jpg 300w"))
}
