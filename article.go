package article

import (
	"net/url"
	"time"
)

// Article is a parsed post: its front matter fields, its body as typed
// blocks, and the images it shows.
//
// The JSON form (see MarshalJSON) is the stable schema documented in the
// README. HTML, Text, WordCount and ReadingMinutes are derived from the
// blocks on demand.
type Article struct {
	Title      string
	Date       time.Time // zero when unknown
	Updated    time.Time // zero when unknown
	Author     string
	Categories []string
	Tags       []string
	Excerpt    string // from the front matter, else the body before <!-- more -->, else its start (see ExcerptRunes)
	Lang       string
	Link       string // the source link from the front matter

	// Cover is the post's cover image: the front matter's cover field, or,
	// failing that, the first image of the body. Nil when there is none.
	Cover *Image

	// Blocks is the body in document order.
	Blocks []Block

	// Images lists each distinct body image once, in order of first
	// appearance.
	Images []Image

	// Meta holds every front matter key with its decoded value, converted so
	// that encoding/json can marshal it: nested maps are map[string]any,
	// lists are []any, and times are RFC 3339 strings.
	Meta map[string]any

	// Warnings records what was malformed but usable.
	Warnings []Warning
}

// BlockType names the kind of a Block.
type BlockType string

// The block types.
const (
	Paragraph BlockType = "paragraph"
	Heading   BlockType = "heading"
	List      BlockType = "list"
	Quote     BlockType = "quote"
	Code      BlockType = "code"
	ImageType BlockType = "image"
	Table     BlockType = "table"
	Embed     BlockType = "embed"
	Rule      BlockType = "rule"
)

// Block is one unit of the body.
//
// Which fields are set depends on Type:
//
//   - Paragraph, Heading: Text, HTML (sanitized inline HTML), Level (1–6, headings only).
//   - List: Ordered, Items (nested lists are flattened, with Depth).
//   - Quote: Text (paragraphs separated by a blank line) and HTML (one <p> per paragraph).
//   - Code: Text exactly as written, Lang from a language-x or lang-x class.
//   - ImageType: Image, and Text holding the caption.
//   - Table: Rows of cell text.
//   - Embed: URL of the iframe, video or audio; HTML holds the sanitized
//     element when the host is allowed, or a link; Text holds its title.
//   - Rule: nothing.
//
// DuplicateOf is set on a block that repeats an earlier one (see Dedupe):
// it holds the index in Blocks of the first occurrence.
type Block struct {
	Type    BlockType  `json:"type"`
	Text    string     `json:"text,omitempty"`
	HTML    string     `json:"html,omitempty"`
	Level   int        `json:"level,omitempty"`
	Ordered bool       `json:"ordered,omitempty"`
	Items   []ListItem `json:"items,omitempty"`
	Lang    string     `json:"lang,omitempty"`
	Image   *Image     `json:"image,omitempty"`
	Rows    [][]string `json:"rows,omitempty"`
	URL     string     `json:"url,omitempty"`

	DuplicateOf *int `json:"duplicate_of,omitempty"`
}

// Provider returns the host of an embed's URL, such as "www.youtube.com", or
// "" when the block has no URL.
func (b *Block) Provider() string {
	if b.URL == "" {
		return ""
	}
	u, err := url.Parse(b.URL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// ListItem is one item of a List block.
type ListItem struct {
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
	Depth   int    `json:"depth,omitempty"`   // 0 for top-level items
	Ordered bool   `json:"ordered,omitempty"` // whether the item's own list is ordered
}

// Image is an image at its original URL.
type Image struct {
	URL         string `json:"url"`
	SourceURL   string `json:"source_url,omitempty"` // the URL as found, when unwrapping changed it
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	Alt         string `json:"alt,omitempty"`
	Title       string `json:"title,omitempty"`
	Caption     string `json:"caption,omitempty"`
	Link        string `json:"link,omitempty"`        // the href of a link that wraps the image
	Placeholder bool   `json:"placeholder,omitempty"` // served by a placeholder service such as picsum.photos
}

// Paragraphs returns the text of every paragraph block, in order.
func (a *Article) Paragraphs() []string {
	var out []string
	for i := range a.Blocks {
		if a.Blocks[i].Type == Paragraph {
			out = append(out, a.Blocks[i].Text)
		}
	}
	return out
}
