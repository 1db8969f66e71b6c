package article

import (
	"bytes"
	"encoding/json"
	"time"
)

// articleJSON is the JSON schema of an Article.
type articleJSON struct {
	Title          string         `json:"title"`
	Date           string         `json:"date,omitempty"`
	Updated        string         `json:"updated,omitempty"`
	Author         string         `json:"author"`
	Categories     []string       `json:"categories"`
	Tags           []string       `json:"tags"`
	Excerpt        string         `json:"excerpt"`
	Lang           string         `json:"lang"`
	Link           string         `json:"link"`
	Cover          *Image         `json:"cover,omitempty"`
	Blocks         []Block        `json:"blocks"`
	Images         []Image        `json:"images"`
	HTML           string         `json:"html"`
	Text           string         `json:"text"`
	WordCount      int            `json:"word_count"`
	ReadingMinutes int            `json:"reading_minutes"`
	Meta           map[string]any `json:"meta"`
	Warnings       []Warning      `json:"warnings"`
}

// MarshalJSON encodes the Article in the stable schema the README
// documents. Dates are RFC 3339 and omitted when unknown; lists are never
// null; html, text, word_count and reading_minutes are derived from the
// blocks.
func (a Article) MarshalJSON() ([]byte, error) {
	return marshalArticleJSON(&a)
}

// UnmarshalJSON decodes the schema MarshalJSON writes. The derived fields
// (html, text, word_count, reading_minutes) are ignored; Meta numbers are
// json.Number, so that they marshal back exactly.
func (a *Article) UnmarshalJSON(data []byte) error {
	var j articleJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*a = Article{
		Title:      j.Title,
		Author:     j.Author,
		Categories: j.Categories,
		Tags:       j.Tags,
		Excerpt:    j.Excerpt,
		Lang:       j.Lang,
		Link:       j.Link,
		Cover:      j.Cover,
		Blocks:     j.Blocks,
		Images:     j.Images,
		Meta:       j.Meta,
		Warnings:   j.Warnings,
	}
	var err error
	if j.Date != "" {
		if a.Date, err = time.Parse(time.RFC3339Nano, j.Date); err != nil {
			return err
		}
	}
	if j.Updated != "" {
		if a.Updated, err = time.Parse(time.RFC3339Nano, j.Updated); err != nil {
			return err
		}
	}
	return nil
}
