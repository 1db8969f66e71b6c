package article

import (
	"net/url"
	"time"
)

// DefaultMaxBytes is the default input size limit: 16 MiB.
const DefaultMaxBytes = 16 << 20

// An Option configures Parse.
type Option func(*config)

type config struct {
	baseURL    string
	loc        *time.Location
	maxBytes   int64
	strict     bool
	charset    string
	unwrapper  *Unwrapper
	policy     *Policy
	noUnwrap   bool
	bodyFormat BodyFormat
	dedupe     Dedupe
	optionErrs []error
}

func newConfig(opts []Option) config {
	c := config{loc: time.UTC, maxBytes: DefaultMaxBytes, unwrapper: &defaultUnwrapper}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithBaseURL sets the URL that relative and scheme-relative image and link
// URLs are resolved against. It must be an absolute http or https URL, or
// Parse reports an *Error wrapping ErrOption.
//
// By default, the base is the post's source link from the front matter
// (link, url, source or original_url), or else a <base href> in a full HTML
// page. With no base, scheme-relative URLs ("//host/path") take https, and an
// image with a relative URL is dropped with a WarnImageURL warning; a
// relative link keeps its relative href.
func WithBaseURL(base string) Option {
	return func(c *config) {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			c.optionErrs = append(c.optionErrs, &Error{Field: "WithBaseURL", Err: wrapOption("base URL %q is not an absolute http(s) URL", base)})
			return
		}
		c.baseURL = base
	}
}

// WithDefaultLocation sets the time zone for front matter dates that carry
// none, such as "2021-03-29 00:26:58". By default, such dates are in UTC.
// A nil location means UTC.
func WithDefaultLocation(loc *time.Location) Option {
	return func(c *config) {
		if loc == nil {
			loc = time.UTC
		}
		c.loc = loc
	}
}

// WithMaxBytes sets the largest input Parse accepts, in bytes. A larger input
// makes Parse return an *Error wrapping ErrTooLarge without reading past the
// limit. By default, the limit is DefaultMaxBytes (16 MiB); n <= 0 restores
// the default.
func WithMaxBytes(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			n = DefaultMaxBytes
		}
		c.maxBytes = n
	}
}

// WithStrict makes Parse fail on input that would otherwise produce a
// warning: it returns an *Error wrapping ErrMalformed for the first warning,
// with its code and line. By default, Parse is lenient: it returns the
// Article with Warnings.
func WithStrict(strict bool) Option {
	return func(c *config) { c.strict = strict }
}

// WithCharset sets the encoding of the input, by any name the WHATWG
// Encoding Standard knows ("gbk", "big5", "shift_jis", "euc-kr",
// "windows-1252", ...). By default, the encoding is UTF-8 when the bytes are
// valid UTF-8, else the one a <meta charset> declares, else the one detected
// from the bytes. An unknown name makes Parse report an *Error wrapping
// ErrOption.
func WithCharset(name string) Option {
	return func(c *config) {
		if _, ok := lookupEncoding(name); !ok {
			c.optionErrs = append(c.optionErrs, &Error{Field: "WithCharset", Err: wrapOption("unknown encoding %q", name)})
			return
		}
		c.charset = name
	}
}

// WithUnwrapper sets the Unwrapper that recovers original URLs from proxied
// images and redirecting links. By default, Parse uses every built-in rule,
// as the zero Unwrapper does. A nil Unwrapper turns unwrapping off.
func WithUnwrapper(u *Unwrapper) Option {
	return func(c *config) {
		c.unwrapper = u
		c.noUnwrap = u == nil
	}
}
