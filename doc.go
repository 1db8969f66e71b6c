// Package article turns scraped posts into clean, structured articles.
//
// A post is a Markdown file with front matter (YAML, TOML or JSON) and a raw
// scraped HTML body, as RSS-to-blog pipelines and scrapers write them. Parse
// reads such a post and returns an Article: the front matter fields, typed;
// the body as typed blocks (paragraphs, headings, lists, quotes, code,
// images, tables, embeds, rules); every image at its original URL with its
// size and caption; sanitized HTML that is safe to publish again; and text.
//
//	a, err := article.ParseFile("post.md")
//	if err != nil {
//		// I/O, the size limit, or an invalid option: never malformed content.
//	}
//	for _, w := range a.Warnings {
//		// What was malformed but usable.
//	}
//	html := a.HTML()
//
// Parse never fails on malformed content. It returns an Article with
// Warnings, unless WithStrict asks it to fail. Errors are *Error values that
// say where and wrap their cause (ErrTooLarge, ErrOption, ErrMalformed).
//
// Parse is safe for concurrent use. The zero values of Unwrapper and Policy
// use the built-in rules.
//
// # Security
//
// Article.HTML, Block.HTML and Sanitize render HTML from the parsed tree
// through an allowlist (see Policy). Text and attribute values are always
// escaped; HTML is never built by pasting strings. Scripts, styles,
// templates, forms, objects, frames, noscript, SVG and MathML are dropped
// with their content. Only a few attributes survive: href and title on
// links, src, alt, title, width and height on images. No event handler,
// style or srcdoc attribute is ever emitted. Link URLs must be http, https,
// mailto or relative, and image and media URLs http or https, checked after
// entity decoding and after stripping white space and control characters.
// Links get rel="nofollow noopener noreferrer", images loading="lazy" and
// referrerpolicy="no-referrer". Iframes are kept only from
// Policy.EmbedHosts, always with a sandbox attribute.
//
// Block.HTML is trusted by Article.HTML: Parse makes it safe. Code that sets
// it itself must pass it through Sanitize.
package article
