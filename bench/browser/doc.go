// Package browser proves article's sanitizer against a real browser.
//
// Its test loads every hostile vector of ../testdata/xss/vectors.txt into
// headless Chromium three times: unsanitized (the positive controls, which
// must run their payloads, so that the harness is shown to detect
// execution), through article.Sanitize, and through article.Parse and
// Article.HTML. Each vector is a page of its own, in an iframe of a batch
// page, served over HTTP on the loopback interface. A page records as a
// finding any call of its marker function (__xss, alert, confirm, prompt),
// any "xss" message from a frame, and any request to a path holding
// "__req". After it loads, it also checks its own DOM as the browser sees
// it: no dangerous element or attribute, no URL whose scheme, as the
// browser reads it, is not http, https or mailto, and no iframe from a host
// outside the embed allowlist or without a sandbox.
//
// The test needs Chromium (Debian's chromium package). It looks for
// $ARTICLE_CHROMIUM, then chromium, chromium-browser and google-chrome on
// the PATH. When there is none it skips, unless $ARTICLE_BROWSER_REQUIRED is
// set, as CI sets it, and then it fails.
//
//	cd bench && ARTICLE_BROWSER_REQUIRED=1 go test ./browser/ -v -run TestBrowserVectors
package browser
