package article

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteList(t *testing.T) {
	tests := []struct {
		name string
		blk  Block
		want string
	}{
		{"flat", Block{Type: List, Items: []ListItem{{Text: "a"}, {Text: "b"}}}, "<ul><li>a</li><li>b</li></ul>"},
		{"ordered nested", Block{Type: List, Ordered: true, Items: []ListItem{{Text: "a"}, {Text: "b", Depth: 1}, {Text: "c", Depth: 2, Ordered: true}, {Text: "d"}}},
			"<ol><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ol>"},
		{"starts nested", Block{Type: List, Items: []ListItem{{Text: "a", Depth: 1}}}, "<ul><ul><li>a</li></ul></ul>"},
		{"skipped level", Block{Type: List, Items: []ListItem{{Text: "a"}, {Text: "b", Depth: 3}}}, "<ul><li>a<ul><li>b</li></ul></li></ul>"},
		{"escapes text", Block{Type: List, Items: []ListItem{{Text: "<b>"}}}, "<ul><li>&lt;b&gt;</li></ul>"},
	}
	for _, tt := range tests {
		a := &Article{Blocks: []Block{tt.blk}}
		h := a.HTML()
		assert.Equal(t, tt.want, h, tt.name)
		assert.Equal(t, h, Sanitize(h), "%s: stable under the sanitizer", tt.name)
	}
}

func TestHTMLFromBlocks(t *testing.T) {
	a := &Article{Blocks: []Block{
		{Type: Paragraph, Text: "a < b"},
		{Type: Heading, Level: 9, Text: "bad level"},
		{Type: Code, Text: "x := `<y>`", Lang: "go"},
		{Type: Code, Text: "z", Lang: `"><script>`},
		{Type: ImageType, Image: &Image{URL: "https://x.com/a.jpg", Alt: `"q"`, Width: 10, Height: 5, Link: "https://x.com/", Caption: "c"}},
		{Type: Table, Rows: [][]string{{"a", "b"}}},
		{Type: Quote, Text: "p1\n\np2"},
		{Type: Embed, URL: "https://x.com/e"},
		{Type: Rule},
	}}
	want := strings.Join([]string{
		"<p>a &lt; b</p>",
		"<h2>bad level</h2>",
		`<pre><code class="language-go">x := ` + "`&lt;y&gt;`" + `</code></pre>`,
		`<pre><code>z</code></pre>`,
		`<figure><a href="https://x.com/" rel="nofollow noopener noreferrer"><img src="https://x.com/a.jpg" alt="&#34;q&#34;" width="10" height="5" loading="lazy" referrerpolicy="no-referrer"></a><figcaption>c</figcaption></figure>`,
		`<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>`,
		`<blockquote><p>p1</p><p>p2</p></blockquote>`,
		`<figure><a href="https://x.com/e" rel="nofollow noopener noreferrer">https://x.com/e</a></figure>`,
		`<hr>`,
	}, "\n")
	h := a.HTML()
	assert.Equal(t, want, h)
	assert.Equal(t, h, Sanitize(h))
}

func TestText(t *testing.T) {
	a := &Article{Blocks: []Block{
		{Type: Paragraph, Text: "p"},
		{Type: ImageType, Image: &Image{URL: "https://x.com/a.jpg"}},
		{Type: List, Items: []ListItem{{Text: "a"}, {Text: "b", Depth: 1}}},
		{Type: Rule},
		{Type: Table, Rows: [][]string{{"1", "2"}, {"3", "4"}}},
		{Type: ImageType, Text: "caption", Image: &Image{URL: "https://x.com/b.jpg", Caption: "caption"}},
	}}
	assert.Equal(t, "p\n\na\n  b\n\n1\t2\n3\t4\n\ncaption", a.Text())
}

func TestSanitizeBasics(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`<p onclick="x()">a</p>`, `<p>a</p>`},
		{`<script>alert(1)</script><p>b</p>`, `<p>b</p>`},
		{`<div><span style="color:red">c</span></div>`, `c`},
		{`<a href="javascript:alert(1)">d</a>`, `d`},
		{`<a href="https://x.com" target="_blank">e</a>`, `<a href="https://x.com" rel="nofollow noopener noreferrer">e</a>`},
		{`<img src="https://x.com/a.png" onerror="x()">`, `<img src="https://x.com/a.png" loading="lazy" referrerpolicy="no-referrer">`},
		{`<img src="javascript:x">`, ``},
		{`<iframe src="https://www.youtube.com/embed/abc"></iframe>`, `<iframe src="https://www.youtube-nocookie.com/embed/abc" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" allowfullscreen loading="lazy" referrerpolicy="no-referrer"></iframe>`},
		{`<iframe src="https://evil.example/"></iframe>`, ``},
		{`<svg><script>alert(1)</script></svg>x`, `x`},
		{`<style>p{}</style><template><p>t</p></template>y`, `y`},
		{`<code class="language-go bad">z</code>`, `<code>z</code>`},
		{`<code class="language-go">z</code>`, `<code class="language-go">z</code>`},
		{`a &lt;b&gt; &amp;`, `a &lt;b&gt; &amp;`},
	}
	for _, tt := range tests {
		got := Sanitize(tt.in)
		assert.Equal(t, tt.want, got, "Sanitize(%q)", tt.in)
		assert.Equal(t, got, Sanitize(got), "Sanitize is idempotent on %q", tt.in)
	}
	p := &Policy{EmbedHosts: []string{".example.org"}}
	assert.Contains(t, p.Sanitize(`<iframe src="https://video.example.org/v/1"></iframe>`), "<iframe")
	assert.Empty(t, (&Policy{EmbedHosts: []string{}}).Sanitize(`<iframe src="https://www.youtube.com/embed/x"></iframe>`))
}

func TestWordCount(t *testing.T) {
	tests := []struct {
		text          string
		words, minute int
	}{
		{"", 0, 0},
		{"one two three", 3, 1},
		{"中文五个字", 5, 1},
		{"混合 text 和 English words", 3 + 3, 1},
		{"— … ,", 0, 0},
		{"日本語のテキスト", 8, 1},
		{"한국어 텍스트", 6, 1},
		{strings.Repeat("字", 1001), 1001, 3},
		{strings.Repeat("word ", 231), 231, 2},
	}
	for _, tt := range tests {
		a := &Article{Blocks: []Block{{Type: Paragraph, Text: tt.text}}}
		assert.Equal(t, tt.words, a.WordCount(), "WordCount(%q)", tt.text)
		assert.Equal(t, tt.minute, a.ReadingMinutes(), "ReadingMinutes(%q)", tt.text)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	a, err := ParseFile("examples/parse/seed.md")
	require.NoError(t, err)
	b, err := a.MarshalJSON()
	require.NoError(t, err)
	var back Article
	require.NoError(t, back.UnmarshalJSON(b))
	assert.Equal(t, a.Title, back.Title)
	assert.True(t, a.Date.Equal(back.Date))
	assert.Equal(t, a.Blocks, back.Blocks)
	assert.Equal(t, a.HTML(), back.HTML())

	// Unknown dates are omitted; lists are never null.
	empty, err := (&Article{}).MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"title":"","author":"","categories":[],"tags":[],"excerpt":"","lang":"","link":"",
		"blocks":[],"images":[],"html":"","text":"","word_count":0,"reading_minutes":0,"meta":{},"warnings":[]}`, string(empty))
}
