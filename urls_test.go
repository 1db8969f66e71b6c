package article

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestURLScheme(t *testing.T) {
	tests := map[string]string{
		"https://x": "https", "HTTP://x": "http", "mailto:a@b": "mailto", "javascript:x": "javascript",
		"/a:b": "", "a/b:c": "", "1http://x": "", ":x": "", "#a": "", "": "",
	}
	for in, want := range tests {
		assert.Equal(t, want, urlScheme(in), "urlScheme(%q)", in)
	}
}

func TestCleanURL(t *testing.T) {
	tests := map[string]string{
		"  https://x.com/a  ":   "https://x.com/a",
		"java\tscript:alert(1)": "javascript:alert(1)",
		"\x01\x02https://x.com": "https://x.com",
		"https://x.com/a\nb":    "https://x.com/ab",
	}
	for in, want := range tests {
		assert.Equal(t, want, cleanURL(in), "cleanURL(%q)", in)
	}
}

func TestLinkURL(t *testing.T) {
	base, _ := url.Parse("https://site.example/dir/page.html")
	withBase := &parser{cfg: &config{unwrapper: &defaultUnwrapper}, base: base}
	noBase := &parser{cfg: &config{unwrapper: &defaultUnwrapper}}
	tests := []struct {
		p    *parser
		in   string
		want string
	}{
		{withBase, "/about", "https://site.example/about"},
		{withBase, "other.html", "https://site.example/dir/other.html"},
		{withBase, "//cdn.example/x", "https://cdn.example/x"},
		{withBase, "#frag", "#frag"},
		{withBase, "mailto:me@site.example", "mailto:me@site.example"},
		{withBase, "javascript:alert(1)", ""},
		{withBase, " JAVASCRIPT:alert(1)", ""},
		{withBase, "java\nscript:alert(1)", ""},
		{withBase, "data:text/html,x", ""},
		{withBase, "vbscript:x", ""},
		{withBase, "<a href=", ""},
		{noBase, "/about", "/about"},
		{noBase, "//cdn.example/x", "https://cdn.example/x"},
		{noBase, "https://x.com/a b", "https://x.com/a%20b"},
		{noBase, "/url?q=https%3A%2F%2Fexample.com%2Fa&sa=D", "/url?q=https%3A%2F%2Fexample.com%2Fa&sa=D"},
		{withBase, "https://www.google.com/url?q=https%3A%2F%2Fexample.com%2Fa&sa=D", "https://example.com/a"},
		{withBase, "https://i0.wp.com/example.com/a.jpg?ssl=1", "https://example.com/a.jpg"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.p.linkURL(tt.in), "linkURL(%q)", tt.in)
	}
}

func TestRelativeProxyWithoutBase(t *testing.T) {
	noBase := &parser{cfg: &config{unwrapper: &defaultUnwrapper}}
	tests := []struct {
		in, want, source string
		ok               bool
	}{
		{"/_next/image?url=https%3A%2F%2Fcdn.example.com%2Fa.jpg&w=640&q=75", "https://cdn.example.com/a.jpg", "/_next/image?url=https%3A%2F%2Fcdn.example.com%2Fa.jpg&w=640&q=75", true},
		{"/sy/uu/api/res/1.2/x--/Zmk9-/https://media.zenfs.com/en/b.jpg", "https://media.zenfs.com/en/b.jpg", "/sy/uu/api/res/1.2/x--/Zmk9-/https://media.zenfs.com/en/b.jpg", true},
		{"/_next/image?url=%2Fstatic%2Fa.jpg&w=640", "", "", false}, // the origin is the unknown proxy's
		{"/uploads/a.jpg", "", "", false},
	}
	for _, tt := range tests {
		u, src, ok := noBase.imageURL(tt.in)
		assert.Equal(t, tt.ok, ok, "imageURL(%q)", tt.in)
		assert.Equal(t, tt.want, u, "imageURL(%q)", tt.in)
		assert.Equal(t, tt.source, src, "imageURL(%q) source", tt.in)
	}
}

// TestAbsolutePorts checks that a URL whose port net/url would refuse is
// not taken for absolute, and that good ports pass without a parse.
func TestAbsolutePorts(t *testing.T) {
	p := &parser{cfg: &config{}}
	for in, ok := range map[string]bool{
		"https://0:A0":                 false,
		"//0:A0":                       false,
		"https://host:8080/a":          true,
		"https://host:/a":              true,
		"https://user:pw@host:99/x":    true,
		"https://user:pw@host:9x9/x":   false,
		"https://[::1]:8080/x":         true,
		"https://[::1]:80a/x":          false,
		"https://host.example/a:b?c:d": true,
	} {
		got, gotOK := p.absolute(in)
		assert.Equal(t, ok, gotOK, "absolute(%q) = %q", in, got)
		if gotOK {
			assert.True(t, isAbsoluteHTTP(got), "absolute(%q) = %q", in, got)
		}
	}
	for _, s := range []string{"https://0:A0", "https://h:1/", "https://[::1]/", "https://h/p:x", "https://a@b:c@d:1/"} {
		_, err := url.Parse(s)
		assert.Equal(t, err == nil, digitPort(s), "digitPort(%q)", s)
	}
}
