package article

import (
	"fmt"
	"testing"
	"time"
)

// FuzzMarkdown checks that Parse and Markdown never panic or hang (an input
// that takes 10 seconds fails the run), and that what Markdown writes parses
// back to the same text.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"<p># a *b* _c_ `d` [e](f) <g> &amp; | ~ \\</p>",
		"<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>c</li></ol>",
		"<blockquote><p>- q</p></blockquote><pre>```\nx</pre>",
		"<table><tr><td>a|b</td><td>c</td></tr></table>",
		"<p>中文<strong>“引号”</strong>中文<em>强调</em>。</p>",
		"# Markdown\n\n* item\n\n```go\ncode\n```\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		done := make(chan bool)
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("slow input %q", s))
			}
		}()
		a, err := ParseBytes([]byte(s))
		if err != nil {
			return
		}
		md := a.Markdown()
		b, err := ParseBytes([]byte(md), WithBodyFormat(BodyMarkdown))
		if err != nil {
			t.Fatalf("parse of the Markdown: %v", err)
		}
		if squeeze(a.Text()) != squeeze(b.Text()) {
			t.Errorf("text changed:\n input %q\n markdown %q\n before %q\n after  %q", s, md, a.Text(), b.Text())
		}
	})
}
