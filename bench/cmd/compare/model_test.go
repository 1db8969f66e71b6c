package main

import (
	"testing"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestModel holds the yardstick to what it claims to do: a block of text
// and escaped HTML each time a block-level element ends, and nothing from
// elements that are never text. (It ends a block where an element ends, so
// a <div>'s text before its list joins the first item's.)
func TestModel(t *testing.T) {
	blocks, err := model([]byte(`<p>a &amp; <b>b</b></p><script>x()</script><div>c<ul><li>"d"</li><li>e</li></ul></div>`))
	require.NoError(t, err)
	assert.Equal(t, []article.Block{
		{Type: article.Paragraph, Text: "a & b", HTML: "a &amp; b"},
		{Type: article.Paragraph, Text: `c"d"`, HTML: "c&#34;d&#34;"},
		{Type: article.Paragraph, Text: "e", HTML: "e"},
	}, blocks)
}
