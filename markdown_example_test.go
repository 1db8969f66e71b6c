package article_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/articlekit/article"
)

func ExampleArticle_Markdown() {
	a, err := article.Parse(strings.NewReader(`<h2>Release notes</h2>
<p>Version <strong>2.0</strong> ships on <em>Monday</em>. See <a href="https://example.com/notes">the notes</a>; run <code>go get</code>.</p>
<ol><li>Faster parsing</li><li>Markdown output<ul><li>tables</li></ul></li></ol>
<p>1. This line is not a list, and *this* is not emphasis.</p>
<figure><img src="https://example.com/chart.png" alt="Chart"><figcaption>Parse time, before and after</figcaption></figure>
<pre><code class="language-go">fmt.Println("hi")</code></pre>`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(a.Markdown())
	// Output:
	// ## Release notes
	//
	// Version **2.0** ships on *Monday*. See [the notes](https://example.com/notes); run `go get`.
	//
	// 1. Faster parsing
	// 2. Markdown output
	//    - tables
	//
	// 1\. This line is not a list, and \*this\* is not emphasis.
	//
	// ![Chart](https://example.com/chart.png)
	// *Parse time, before and after*
	//
	// ```go
	// fmt.Println("hi")
	// ```
}

func ExampleArticle_Markdown_cjk() {
	a, err := article.Parse(strings.NewReader(`<p>他说<strong>“重要”</strong>的事说三遍，<em>强调</em>不用空格。</p>`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(a.Markdown())
	// Output:
	// 他说<strong>“重要”</strong>的事说三遍，*强调*不用空格。
}
