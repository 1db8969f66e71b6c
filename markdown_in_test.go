package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLooksLikeMarkdown(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"empty", "", false},
		{"plain text lines", "第一行\n第二行\n", false},
		{"scraped HTML in one line", "<div><p>a</p><p>b</p></div>", false},
		{"HTML whose text holds * and #", "<p>Rated 5* by *everyone*, see #3.</p>\n<p>2 * 3 = 6</p>", false},
		{"HTML with ** in a text line", "<div>\n<p>intro</p>\n</div>\nPrice **not** final</p>", false},
		{"HTML page", "<!DOCTYPE html><html><body># not a heading</body></html>", false},
		{"HTML with blank lines and indentation", "<div>\n\n    <p>a</p>\n\n    <p>b with [x](y)</p>\n</div>", false},
		{"text after a blank line inside a div", "<div>\n第一行\n\n2.第二行，反复进行`抵押/提现`操作。\n</div>", false},
		{"pre holding Markdown", "<pre><code>## heading\n- item\n</code></pre>", false},
		{"pre over several lines", "<p>x</p>\n<pre>\n# comment\n\n- item\n</pre>", false},
		{"unterminated front matter fence", "---\ntitle: x\n<p>body</p>", false},
		{"text with a regular expression", "Match \\d+\\.\\w and C:\\Users\\me", false},
		{"ATX heading", "# Title\n\nText.", true},
		{"list", "Intro:\n\n- one\n- two", true},
		{"ordered list", "1. one\n2. two", true},
		{"quote", "> quoted", true},
		{"fenced code", "```go\nx := 1\n```", true},
		{"link", "See [the docs](https://example.com).", true},
		{"image", "![alt](https://example.com/a.png)", true},
		{"autolink", "<https://example.com/video.mp4>\n\n0 likes", true},
		{"emphasis", "This is *important*.", true},
		{"strong", "This is **important**.", true},
		{"code span", "Run `go test`.", true},
		{"escape", "1\\. Not a list", true},
		{"hard break", "line\\\nnext", true},
		{"table", "| a | b |\n| --- | --- |\n| 1 | 2 |", true},
		{"setext", "Title\n=====\n\ntext", true},
		{"Markdown with inline HTML", "# Title\n\nSome text<br>\n<img src=\"a.png\">\n\n<!-- more -->\n\n- item", true},
		{"Markdown with an HTML block", "Intro with [a link](x).\n\n<div align=\"center\">\n<img src=\"a.png\">\n</div>\n\nMore **text**.", true},
		{"Jekyll: a Markdown link, then HTML", "[Listen here!](https://example.com/ep1)\n\n<p>Topic</p><ul><li><p>Story</p></li></ul><p>Final:<br /><a href=\"https://example.com\">YouTube</a></p>", true},
		{"HTML comment then Markdown", "<!-- generated -->\n# Title", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, looksLikeMarkdown(tt.body), "looksLikeMarkdown(%q)", tt.body)
		})
	}
}

func TestBodyFormatOption(t *testing.T) {
	const star = "---\ntitle: t\n---\nA *star* line\nand a second line\n"
	tests := []struct {
		name string
		opts []Option
		want []string
	}{
		{"auto reads Markdown", nil, []string{"A star line and a second line"}},
		{"HTML keeps the text and its lines", []Option{WithBodyFormat(BodyHTML)}, []string{"A *star* line", "and a second line"}},
		{"Markdown", []Option{WithBodyFormat(BodyMarkdown)}, []string{"A star line and a second line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBytes([]byte(star), tt.opts...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Paragraphs())
		})
	}
	_, err := ParseBytes([]byte(star), WithBodyFormat(BodyFormat(9)))
	assert.ErrorIs(t, err, ErrOption)
}

func TestParseFileExtension(t *testing.T) {
	dir := t.TempDir()
	body := "# Title\n\nA *star*.\n"
	for _, name := range []string{"post.md", "post.markdown", "post.html", "post.HTM"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	tests := []struct {
		file string
		opts []Option
		want BlockType
	}{
		{"post.md", nil, Heading},
		{"post.markdown", nil, Heading},
		{"post.html", nil, Paragraph},
		{"post.HTM", nil, Paragraph},
		{"post.html", []Option{WithBodyFormat(BodyMarkdown)}, Heading}, // the option wins
		{"post.md", []Option{WithBodyFormat(BodyHTML)}, Paragraph},
	}
	for _, tt := range tests {
		a, err := ParseFile(filepath.Join(dir, tt.file), tt.opts...)
		require.NoError(t, err)
		require.NotEmpty(t, a.Blocks)
		assert.Equal(t, tt.want, a.Blocks[0].Type, "ParseFile(%s)", tt.file)
	}
}

// TestMarkdownBody checks that a Markdown body gives the same shape as the
// HTML body it stands for.
func TestMarkdownBody(t *testing.T) {
	md := "## Steps\n\n1. Parse\n2. Publish\n   - twice\n\n> A quote\n\n![A chart](https://example.com/c.png \"Chart\")\n*The caption*\n\n```go\nx := 1\n```\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n***\n"
	htm := `<h2>Steps</h2><ol><li>Parse</li><li>Publish<ul><li>twice</li></ul></li></ol><blockquote><p>A quote</p></blockquote>` +
		`<figure><img src="https://example.com/c.png" alt="A chart" title="Chart"><figcaption>The caption</figcaption></figure>` +
		`<pre><code class="language-go">x := 1</code></pre><table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table><hr>`
	a, err := ParseBytes([]byte(md))
	require.NoError(t, err)
	b, err := ParseBytes([]byte(htm))
	require.NoError(t, err)
	assert.Equal(t, b.Blocks, a.Blocks)
	assert.Equal(t, b.HTML(), a.HTML())
}

func TestMarkdownBodyMoreMarker(t *testing.T) {
	a, err := ParseBytes([]byte("Lead with **bold**.\n\n<!-- more -->\n\nThe rest of the post.\n"))
	require.NoError(t, err)
	assert.Equal(t, "Lead with bold.", a.Excerpt)
	assert.Len(t, a.Blocks, 2)
	assert.False(t, strings.Contains(a.HTML(), "more"))
}

// TestMarkdownConcurrent parses Markdown bodies from several goroutines:
// the goldmark converter is shared.
func TestMarkdownConcurrent(t *testing.T) {
	body := []byte("# Title\n\nSome *text* and a [link](https://example.com).\n\n- a\n- b\n")
	want, err := ParseBytes(body)
	require.NoError(t, err)
	done := make(chan *Article)
	for i := 0; i < 8; i++ {
		go func() {
			a, _ := ParseBytes(body)
			done <- a
		}()
	}
	for i := 0; i < 8; i++ {
		assert.Equal(t, want.Blocks, (<-done).Blocks)
	}
}
