package article

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// summary renders blocks compactly for table tests: "p:text", "h2:text",
// "img:url", "code:lang:text", "list:a|b", "quote:text", "table:a,b/c,d",
// "embed:url", "hr".
func summary(blocks []Block) []string {
	var out []string
	for _, b := range blocks {
		switch b.Type {
		case Paragraph:
			out = append(out, "p:"+b.Text)
		case Heading:
			out = append(out, fmt.Sprintf("h%d:%s", b.Level, b.Text))
		case ImageType:
			s := "img:" + b.Image.URL
			if b.Image.Caption != "" {
				s += "#" + b.Image.Caption
			}
			out = append(out, s)
		case Code:
			out = append(out, "code:"+b.Lang+":"+b.Text)
		case List:
			var items []string
			for _, it := range b.Items {
				items = append(items, strings.Repeat(">", it.Depth)+it.Text)
			}
			kind := "ul"
			if b.Ordered {
				kind = "ol"
			}
			out = append(out, kind+":"+strings.Join(items, "|"))
		case Quote:
			out = append(out, "quote:"+b.Text)
		case Table:
			var rows []string
			for _, r := range b.Rows {
				rows = append(rows, strings.Join(r, ","))
			}
			out = append(out, "table:"+strings.Join(rows, "/"))
		case Embed:
			out = append(out, "embed:"+b.URL)
		case Rule:
			out = append(out, "hr")
		}
	}
	return out
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"paragraphs", "<p>a</p><p>b</p>", []string{"p:a", "p:b"}},
		{"empty paragraphs vanish", "<p></p><p> </p><p>&nbsp;</p><p>x</p>", []string{"p:x"}},
		{"bare text in div", "<div>a<strong>b</strong><div>c</div>d</div>", []string{"p:ab", "p:c", "p:d"}},
		{"bare br ends paragraph", "<div>a<br>b<br><br>c</div>", []string{"p:a", "p:b", "p:c"}},
		{"br in p is a line break", "<p>a<br>b</p>", []string{"p:a\nb"}},
		{"double br in p splits", "<p>a<br><br>b</p>", []string{"p:a", "p:b"}},
		{"image splits a run", "<p>a<img src='https://x.com/i.png'>b</p>", []string{"p:a", "img:https://x.com/i.png", "p:b"}},
		{"plain text lines", "<div>line one\nline two\n\n  line three  </div>", []string{"p:line one", "p:line two", "p:line three"}},
		{"plain text at root", "first\nsecond", []string{"p:first", "p:second"}},
		{"text with markup is not plain", "<div>a\nb<b>c</b></div>", []string{"p:a bc"}},
		{"headings", "<h1>A</h1><h6>F</h6>", []string{"h1:A", "h6:F"}},
		{"nested list", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", []string{"ul:a|>b|c"}},
		{"ordered list", "<ol><li>a</li><li>b</li></ol>", []string{"ol:a|b"}},
		{"list split by code", "<ol><li>a<pre>x</pre></li><li>b</li></ol>", []string{"ol:a", "code::x", "ol:b"}},
		{"li paragraphs", "<ul><li><p>a</p><p>b</p></li></ul>", []string{"ul:a\nb"}},
		{"quote", "<blockquote><p>a</p><p>b</p></blockquote>", []string{"quote:a\n\nb"}},
		{"quote with list", "<blockquote><ul><li>a</li><li>b</li></ul></blockquote>", []string{"quote:a\n\nb"}},
		{"code exact", "<pre>  a\n\tb  </pre>", []string{"code::  a\n\tb  "}},
		{"code lang from class", "<pre><code class='language-Go'>x</code></pre>", []string{"code:go:x"}},
		{"code lang from highlight wrapper", "<figure class='highlight js'><table><tr><td class='gutter'><pre>1\n2</pre></td><td class='code'><pre><span class='line'>a</span><br><span class='line'>b</span></pre></td></tr></table></figure>", []string{"code:js:a\nb"}},
		{"whitespace-only code dropped", "<pre>   </pre>", nil},
		{"data table", "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", []string{"table:a,b/1,2"}},
		{"layout table", "<table><tr><td><div>a</div></td><td><p>b</p></td></tr></table>", []string{"p:a", "p:b"}},
		{"hr", "<p>a</p><hr><p>b</p>", []string{"p:a", "hr", "p:b"}},
		{"empty wrappers", "<div id='recommend_bottom'></div><div><span></span></div>", nil},
		{"script style template", "<script>x</script><style>y</style><template><p>z</p></template><p>ok</p>", []string{"p:ok"}},
		{"comments", "<p>a<!-- b -->c</p>", []string{"p:ac"}},
		{"custom elements are transparent", "<my-widget><p>a</p>b</my-widget>", []string{"p:a", "p:b"}},
		{"link around block", "<a href='https://x.com'><div>a</div></a>", []string{"p:a"}},
		{"caption after image", "<div><img src='https://x.com/i.png'></div><div class='image-caption'>cap</div><p>n</p>", []string{"img:https://x.com/i.png#cap", "p:n"}},
		{"caption needs an image right before", "<p>t</p><div class='image-caption'>cap</div>", []string{"p:t", "p:cap"}},
		{"figcaption first", "<figure><figcaption>c</figcaption><img src='https://x.com/i.png'></figure>", []string{"img:https://x.com/i.png#c"}},
		{"iframe", "<iframe src='https://player.vimeo.com/video/1'></iframe>", []string{"embed:https://player.vimeo.com/video/1"}},
		{"math keeps its text", "<p>so <math><mi>x</mi><mo>=</mo><mn>2</mn></math> holds</p>", []string{"p:so x = 2 holds"}},
		{"svg dropped", "<p>a<svg><text>b</text></svg>c</p>", []string{"p:ac"}},
		{"ideographic indent", "<p>\u3000\u3000文字\u3000</p>", []string{"p:文字"}},
		{"cjk segment break", "<p>中\n文 A\nB</p>", []string{"p:中文 A B"}},
		{"hangul keeps breaks", "<p>한\n국</p>", []string{"p:한 국"}},
		{"dl", "<dl><dt>term</dt><dd>def</dd></dl>", []string{"p:term", "p:def"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, summary(a.Blocks), "Parse(%q)", tt.in)
		})
	}
}

func TestInlineHTML(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"<p>a <b>b</b> c</p>", "a <b>b</b> c"},
		{"<p><b>a </b>b</p>", "<b>a</b> b"},
		{"<p><span><b></b></span>x</p>", "x"},
		{"<p><a href='https://x.com/?a=1&amp;b=2'>l</a></p>", `<a href="https://x.com/?a=1&amp;b=2" rel="nofollow noopener noreferrer">l</a>`},
		{"<p><a href='javascript:alert(1)'>l</a></p>", "l"},
		{"<p><a href='vbscript:x'>l</a></p>", "l"},
		{"<p><a href='  HTTPS://X.COM/a'>l</a></p>", `<a href="https://X.COM/a" rel="nofollow noopener noreferrer">l</a>`},
		{"<p><abbr title='HyperText'>HTML</abbr></p>", `<abbr title="HyperText">HTML</abbr>`},
		{"<p>&lt;script&gt;</p>", "&lt;script&gt;"},
		{"<p><i>a<br>b</i></p>", "<i>a<br>b</i>"},
	}
	for _, tt := range tests {
		a, err := Parse(strings.NewReader(tt.in))
		require.NoError(t, err)
		require.Len(t, a.Blocks, 1, "Parse(%q)", tt.in)
		assert.Equal(t, tt.want, a.Blocks[0].HTML, "Parse(%q)", tt.in)
	}
}

// TestSpaceOnlyRuns checks that a run of white space that HTML does not
// collapse (vertical tab, em space, …) makes no block, and stays inside
// text that has something else.
func TestSpaceOnlyRuns(t *testing.T) {
	for in, want := range map[string][]string{
		"\v<A":                           nil,
		"<p>\v</p><p>x</p>":              {"x"},
		"<p>\u2003\u2002 \u00a0</p>":     nil,
		"<h2>\u205f</h2>":                nil,
		"<ul><li>\v</li><li>b</li></ul>": nil, // the list's one item is checked below
		"<p>a\vb</p>":                    {"a\vb"},
	} {
		a, err := ParseBytes([]byte(in))
		require.NoError(t, err)
		if in == "<ul><li>\v</li><li>b</li></ul>" {
			require.Len(t, a.Blocks, 1)
			assert.Len(t, a.Blocks[0].Items, 1, "%q", in)
			continue
		}
		assert.Equal(t, want, a.Paragraphs(), "%q", in)
		if want == nil {
			assert.Empty(t, a.Blocks, "%q", in)
		}
	}
}
