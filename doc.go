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
// Article.HTML, Block.HTML and Sanitize are safe to put on a page as they
// are. They are rendered from the parsed tree through an allowlist (see
// Policy), never by pasting input into markup: text and attribute values
// are always escaped, as html.Render escapes them.
//
// The default policy keeps the elements of an article: paragraphs,
// headings, lists, quotes, preformatted code, tables, figures, line breaks
// and rules, inline formatting (b, strong, i, em, u, s, del, ins, mark,
// small, sub, sup, code, kbd, samp, var, abbr, cite, q, dfn, ruby), links,
// images, and video, audio and iframes under the rules below. Other
// elements lose their tag and keep their text, except those dropped with
// everything in them: script, style, template, noscript, object, embed,
// applet, form controls, meta, link, base, frames, canvas, dialog, and SVG
// and MathML (all foreign content).
//
// Only these attributes survive: href and title on links; src, srcset, alt,
// title, width and height on images; src and title on iframes; src, poster
// and title on video and audio; cite on blockquote, q, del and ins; title on
// abbr and dfn; a language-x class on code. No event handler, style, srcdoc
// or xlink:href attribute is ever written. URL attributes are read as a
// browser reads them (character references decoded, tabs and newlines
// removed, leading and trailing spaces and control characters stripped) and
// kept only with the http or https scheme, mailto for links, or none (a
// relative URL, without a colon in its first segment and without control
// characters). Each srcset candidate is checked on its own. Links get
// rel="nofollow noopener noreferrer", images loading="lazy" and
// referrerpolicy="no-referrer", media controls and preload="none". An iframe
// is kept only when its host, as a browser reads it, is in
// Policy.EmbedHosts (DefaultEmbedHosts: YouTube, rewritten to
// youtube-nocookie, Vimeo, Bilibili, Dailymotion, SoundCloud, Spotify),
// always with a sandbox attribute; in Parse, other iframes become links.
//
// The output is stable: parsing it as a browser does gives back the tree it
// was rendered from, so Sanitize is idempotent and a browser sees what the
// sanitizer saw. Where dropping an element's tag would let a browser nest
// the rest differently (a heading in a heading, a link in a link, a list
// item in a list item), the inner element also loses its tag and keeps its
// text. The output never has more elements than the input, and keeps the
// text of every allowed element. Input nested deeper than 512 elements,
// which the HTML parser refuses, gives its text only.
//
// These guarantees are tested: property tests and fuzz targets
// (FuzzSanitize, FuzzParse), a differential test against bluemonday's UGC
// policy on a corpus of real posts, and over a hundred hostile vectors
// loaded in headless Chromium (see testdata/xss/vectors.txt and the bench
// module).
//
// To change what is kept, set Policy.EmbedHosts (a leading dot matches
// subdomains; an empty list keeps no iframe) and pass the policy to
// Policy.Sanitize and to Parse with WithPolicy. Block.HTML is trusted by
// Article.HTML: Parse makes it safe, and code that sets it itself must pass
// it through Sanitize.
package article
