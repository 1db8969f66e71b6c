package article

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestRawTagAtom holds rawTagAtom to the tokenizer's own TagName on the
// tags of a body with every form of tag.
func TestRawTagAtom(t *testing.T) {
	src := `<PRE class="x"><Code>List<String> m = new HashMap<>();</code></pre><br/><BR >` +
		`<img src=a><groupId>x</groupId><a-custom-element></a-custom-element><averyveryverylongtagname>` +
		`</P><p\tclass=y>t</p><blockquote\n>q</blockquote><svg:rect/><x`
	z := html.NewTokenizer(strings.NewReader(src))
	n := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		raw := string(z.Raw())
		name, _ := z.TagName()
		assert.Equal(t, atom.Lookup(name), rawTagAtom([]byte(raw)), "rawTagAtom(%q)", raw)
		n++
	}
	assert.Greater(t, n, 15)
}
