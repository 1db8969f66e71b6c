package article

import (
	"errors"
	"fmt"
	"strconv"
)

// Warning records something malformed that Parse worked around. The Article
// is still complete; a warning says what was guessed, dropped or repaired.
type Warning struct {
	Code    WarningCode `json:"code"`
	Message string      `json:"message"`
	Line    int         `json:"line,omitempty"` // 1-based line in the input, when known
}

func (w Warning) String() string {
	if w.Line > 0 {
		return "line " + strconv.Itoa(w.Line) + ": " + string(w.Code) + ": " + w.Message
	}
	return string(w.Code) + ": " + w.Message
}

// WarningCode classifies a Warning.
type WarningCode string

// The warning codes.
const (
	// WarnFrontMatter: the front matter could not be decoded. The message
	// holds the decoder's error and the raw front matter text; the fields
	// that a line-by-line reading could recover are still set.
	WarnFrontMatter WarningCode = "front_matter"
	// WarnFrontMatterUnterminated: the input opens a front matter fence
	// that is never closed; the whole input is read as the body.
	WarnFrontMatterUnterminated WarningCode = "front_matter_unterminated"
	// WarnDate: a date field could not be read; the field is left zero.
	WarnDate WarningCode = "date"
	// WarnField: a known front matter field has a value of the wrong kind,
	// such as a map for the title; it is ignored (but kept in Meta).
	WarnField WarningCode = "field"
	// WarnCharset: the input was not UTF-8 and was decoded from the named
	// encoding, which was declared or detected.
	WarnCharset WarningCode = "charset"
	// WarnInvalidUTF8: the input holds bytes that are not valid in its
	// encoding; they were replaced with U+FFFD.
	WarnInvalidUTF8 WarningCode = "invalid_utf8"
	// WarnNUL: the input holds NUL bytes; they were removed.
	WarnNUL WarningCode = "nul"
	// WarnTooDeep: the HTML nests deeper than the parser accepts; the text
	// was recovered with a flat tokenizer pass, without structure.
	WarnTooDeep WarningCode = "html_too_deep"
	// WarnImageURL: an image URL could not be made absolute http(s)
	// (relative with no base URL, or another scheme); the image was dropped.
	WarnImageURL WarningCode = "image_url"
	// WarnBaseURL: the base URL from the front matter or the document is
	// not an absolute http(s) URL and was ignored.
	WarnBaseURL WarningCode = "base_url"
	// WarnDuplicate: a block repeated an earlier one and was removed, as
	// WithDedupe asked. The message names both blocks by their indexes in
	// the body as parsed. It never fails a strict parse.
	WarnDuplicate WarningCode = "duplicate"
	// WarnMarkdown: the Markdown body could not be rendered; it was read
	// as HTML instead.
	WarnMarkdown WarningCode = "markdown"
)

// ErrTooLarge is reported, wrapped in an *Error, when the input is larger
// than the limit set by WithMaxBytes.
var ErrTooLarge = errors.New("input exceeds the size limit")

// ErrMalformed is reported, wrapped in an *Error, in strict mode (see
// WithStrict) when the input would have produced a warning.
var ErrMalformed = errors.New("malformed input")

// ErrOption is reported, wrapped in an *Error, when an option's value is
// invalid, such as a base URL that is not absolute.
var ErrOption = errors.New("invalid option")

// Error is the error Parse returns. It says where the problem is and wraps
// its cause: ErrTooLarge, ErrMalformed, ErrOption, or an I/O error.
type Error struct {
	Path  string      // the file, for ParseFile
	Line  int         // 1-based line, when known
	Field string      // the front matter field or option, when known
	Code  WarningCode // in strict mode, the warning that failed the parse
	Err   error
}

func (e *Error) Error() string {
	s := "article: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	if e.Line > 0 {
		s += "line " + strconv.Itoa(e.Line) + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func strictError(w Warning) error {
	return &Error{Line: w.Line, Code: w.Code, Err: fmt.Errorf("%w: %s: %s", ErrMalformed, w.Code, w.Message)}
}
