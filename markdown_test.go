package article

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownBlocks(t *testing.T) {
	tests := []struct {
		name string
		html string
		want string
	}{
		{"headings", "<h1>One</h1><h3>Three</h3>", "# One\n\n### Three\n"},
		{"heading ending in #", "<h2>Learn C #</h2><h2>C#</h2>", "## Learn C \\#\n\n## C#\n"},
		{"nested and ordered lists", "<ul><li>a<ol><li>b</li><li>c<ul><li>d</li></ul></li></ol></li><li>e</li></ul>",
			"- a\n  1. b\n  2. c\n     - d\n- e\n"},
		{"ten items widen the marker", "<ol>" + strings.Repeat("<li>x</li>", 9) + "<li>ten<ul><li>in</li></ul></li></ol>",
			strings.Repeat("", 0) + "1. x\n2. x\n3. x\n4. x\n5. x\n6. x\n7. x\n8. x\n9. x\n10. ten\n    - in\n"},
		{"two lists in a row keep apart", "<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>",
			"- a\n\n* b\n\n1. c\n\n1) d\n"},
		{"line break in an item", "<ul><li>a<br>b</li></ul>", "- a\\\n  b\n"},
		{"quote paragraphs", "<blockquote><p>a</p><p># b<br>c</p></blockquote>", "> a\n>\n> \\# b\\\n> c\n"},
		{"code fence longer than its backticks", "<pre><code class=\"language-md\">use ``` or ````</code></pre>", "`````md\nuse ``` or ````\n`````\n"},
		{"code keeps its text", "<pre>  indented\n\n<b>not bold</b></pre>", "```\n  indented\n\nnot bold\n```\n"},
		{"image with title, link and caption", `<figure><a href="https://example.com/big.png"><img src="https://example.com/a (1).png" alt="A [chart]" title="Say &quot;hi&quot;"></a><figcaption>Fig. *1*</figcaption></figure>`,
			"[![A \\[chart\\]](https://example.com/a%20%281%29.png \"Say \\\"hi\\\"\")](https://example.com/big.png)\n*Fig. \\*1\\**\n"},
		{"table", "<table><tr><td>a|b</td><td>c</td><td>d</td></tr><tr><td>1</td><td>2</td></tr></table>",
			"| a\\|b | c | d |\n| --- | --- | --- |\n| 1 | 2 |  |\n"},
		{"embed as a link", `<iframe src="https://www.youtube.com/embed/x" title="A talk"></iframe><video src="https://example.com/v.mp4"></video>`,
			"[A talk](https://www.youtube.com/embed/x)\n\n<https://example.com/v.mp4>\n"},
		{"rule", "<p>a</p><hr><p>b</p>", "a\n\n***\n\nb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBytes([]byte(tt.html), WithBodyFormat(BodyHTML))
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Markdown())
		})
	}
}

func TestMarkdownInline(t *testing.T) {
	tests := []struct {
		html string
		want string
	}{
		{"plain text", "plain text"},
		{"<b>bold</b>, <i>it</i>, <code>x</code>, <del>gone</del>", "**bold**, *it*, `x`, ~~gone~~"},
		{"<strong> spaced </strong>word", "**spaced** word"},
		{"a<em>b</em>c", "a*b*c"},
		{"他说<strong>“重要”</strong>的事", "他说<strong>“重要”</strong>的事"},
		{"<em>a</em><strong>b</strong>", "*a*<strong>b</strong>"},
		{"<strong>a<em>b</em></strong>", "**a*b***"},
		{"x<sup>2</sup> and H<sub>2</sub>O", "x<sup>2</sup> and H<sub>2</sub>O"},
		{`<a href="https://example.com/a_(b)" title="T">link [1]</a>`, `[link \[1\]](https://example.com/a_\(b\) "T")`},
		{`<a href="https://example.com/">https://example.com/</a>`, "<https://example.com/>"},
		{"<code>a `tick`</code>", "`` a `tick` ``"},
		{"5 * 3 = 15, snake_case, _private, *star", `5 * 3 = 15, snake_case, \_private, \*star`},
		{"a\\b \\* [x] &lt;div&gt; &amp;amp; AT&amp;T | ~ ~x ` ![", "a\\b \\\\\\* \\[x] \\<div> \\&amp; AT&T \\| ~ \\~x \\` \\!\\["},
		{"# not a heading", `\# not a heading`},
		{"- not a list", `\- not a list`},
		{"+ not a list", `\+ not a list`},
		{"2021. A year", `2021\. A year`},
		{"1) not a list", `1\) not a list`},
		{"> not a quote", `\> not a quote`},
		{"--- not a rule", `\--- not a rule`},
		{"=== not a heading", `\=== not a heading`},
		{"~~~ not a fence", `\~\~\~ not a fence`},
		{"3.14 is pi", "3.14 is pi"},
		{"中文：全角＊符号＃不转义。", "中文：全角＊符号＃不转义。"},
		{"line<br># two", "line\\\n\\# two"},
	}
	for _, tt := range tests {
		a, err := ParseBytes([]byte("<p>"+tt.html+"</p>"), WithBodyFormat(BodyHTML))
		require.NoError(t, err)
		assert.Equal(t, tt.want+"\n", a.Markdown(), "Markdown of %q", tt.html)
	}
}

// TestMarkdownRoundTripCases checks that parsing the Markdown gives back the
// same blocks, for inputs chosen to be misread.
func TestMarkdownRoundTripCases(t *testing.T) {
	bodies := []string{
		"<p># a</p><p>- b</p><p>1. c</p><p>> d</p><p>***</p><p>e<br>===</p><p>| f | g |<br>| --- | --- |</p>",
		"<p>*a* _b_ `c` [d](e) ![f](g) <http://h> &amp; &lt;i&gt; \\* ~~j~~</p>",
		"<p>中文<strong>“引号”</strong>中文，<em>强调</em>。</p><p>**不是粗体**</p>",
		"<ul><li># x</li><li>- y<ul><li>1. z</li></ul></li></ul><ol><li>a</li></ol><ol><li>b</li></ol>",
		"<blockquote><p>- q</p><p>&gt; r</p></blockquote>",
		"<pre><code>```\nfence\n```</code></pre><pre>~~~\nx</pre>",
		"<table><tr><td>a|b</td><td>`c`</td></tr><tr><td>*d*</td><td>[e]</td></tr></table>",
		"<figure><img src=\"https://example.com/a.png\" alt=\"*alt*\"><figcaption>*cap* [1]</figcaption></figure>",
		"<p>\ufeffBOM</p><p>a\\</p><p>trailing backslash\\</p>",
	}
	for _, body := range bodies {
		a, err := ParseBytes([]byte(body), WithBodyFormat(BodyHTML))
		require.NoError(t, err)
		md := a.Markdown()
		for _, f := range []BodyFormat{BodyMarkdown, BodyAuto} {
			b, err := ParseBytes([]byte(md), WithBodyFormat(f))
			require.NoError(t, err)
			assert.Equal(t, a.Text(), b.Text(), "format %v, Markdown:\n%s", f, md)
			assert.Equal(t, a.HTML(), b.HTML(), "format %v, Markdown:\n%s", f, md)
		}
	}
}
