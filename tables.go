package article

import "golang.org/x/net/html/atom"

// This file holds the data that drives the tree walk: how each element is
// treated, which attributes carry lazy image URLs, which classes mark image
// captions, and which hosts serve placeholders. The logic lives in
// blocks.go and images.go.

// kind is how the walk treats an element.
type kind uint8

const (
	kindTransparent kind = iota // walk the children as if the element were not there
	kindSkip                    // drop the element and everything in it
	kindInline                  // phrasing content: part of the current run
	kindBreak                   // <br>
	kindBlock                   // a container: a block boundary before and after
	kindPLike                   // like kindBlock, but a single <br> inside is a line break
	kindHeading
	kindList
	kindListItem
	kindQuote
	kindPre
	kindTable
	kindImg
	kindPicture
	kindFigure
	kindEmbed
	kindRule
	kindNoscript
)

var kinds = map[atom.Atom]kind{
	// Never content.
	atom.Script: kindSkip, atom.Style: kindSkip, atom.Template: kindSkip,
	atom.Head: kindSkip, atom.Title: kindSkip, atom.Meta: kindSkip,
	atom.Link: kindSkip, atom.Base: kindSkip, atom.Noframes: kindSkip,
	atom.Frame: kindSkip, atom.Frameset: kindSkip, atom.Object: kindSkip,
	atom.Embed: kindSkip, atom.Applet: kindSkip, atom.Param: kindSkip,
	atom.Svg: kindSkip, atom.Math: kindSkip, atom.Canvas: kindSkip,
	atom.Map: kindSkip, atom.Area: kindSkip, atom.Input: kindSkip,
	atom.Select: kindSkip, atom.Option: kindSkip, atom.Optgroup: kindSkip,
	atom.Textarea: kindSkip, atom.Button: kindSkip, atom.Datalist: kindSkip,
	atom.Output: kindSkip, atom.Progress: kindSkip, atom.Meter: kindSkip,
	atom.Track: kindSkip, atom.Source: kindSkip, atom.Noembed: kindSkip,
	atom.Keygen: kindSkip, atom.Wbr: kindSkip, atom.Dialog: kindSkip,

	// Containers.
	atom.Html: kindBlock, atom.Body: kindBlock, atom.Address: kindBlock,
	atom.Article: kindBlock, atom.Aside: kindBlock, atom.Center: kindBlock,
	atom.Details: kindBlock, atom.Div: kindBlock, atom.Dl: kindBlock,
	atom.Fieldset: kindBlock, atom.Footer: kindBlock, atom.Form: kindBlock,
	atom.Header: kindBlock, atom.Hgroup: kindBlock, atom.Main: kindBlock,
	atom.Nav: kindBlock, atom.Section: kindBlock, atom.Search: kindBlock,
	atom.Caption: kindBlock, atom.Tr: kindBlock, atom.Td: kindBlock,
	atom.Th: kindBlock, atom.Tbody: kindBlock, atom.Thead: kindBlock,
	atom.Tfoot: kindBlock, atom.Colgroup: kindSkip, atom.Col: kindSkip,

	// Paragraph-like: a single <br> inside is a line break.
	atom.P: kindPLike, atom.Dt: kindPLike, atom.Dd: kindPLike,
	atom.Summary: kindPLike, atom.Legend: kindPLike, atom.Figcaption: kindPLike,

	atom.H1: kindHeading, atom.H2: kindHeading, atom.H3: kindHeading,
	atom.H4: kindHeading, atom.H5: kindHeading, atom.H6: kindHeading,

	atom.Ul: kindList, atom.Ol: kindList, atom.Dir: kindList, atom.Menu: kindList,
	atom.Li: kindListItem,

	atom.Blockquote: kindQuote,

	atom.Pre: kindPre, atom.Xmp: kindPre, atom.Listing: kindPre, atom.Plaintext: kindPre,

	atom.Table: kindTable,

	atom.Img: kindImg, atom.Image: kindImg,
	atom.Picture: kindPicture,
	atom.Figure:  kindFigure,

	atom.Iframe: kindEmbed, atom.Video: kindEmbed, atom.Audio: kindEmbed,

	atom.Hr: kindRule,
	atom.Br: kindBreak,

	atom.Noscript: kindNoscript,

	// Phrasing content.
	atom.A: kindInline, atom.Abbr: kindInline, atom.Acronym: kindInline,
	atom.B: kindInline, atom.Bdi: kindInline, atom.Bdo: kindInline,
	atom.Big: kindInline, atom.Blink: kindInline, atom.Cite: kindInline,
	atom.Code: kindInline, atom.Data: kindInline, atom.Del: kindInline,
	atom.Dfn: kindInline, atom.Em: kindInline, atom.Font: kindInline,
	atom.I: kindInline, atom.Ins: kindInline, atom.Kbd: kindInline,
	atom.Label: kindInline, atom.Mark: kindInline, atom.Marquee: kindInline,
	atom.Nobr: kindInline, atom.Q: kindInline, atom.Rp: kindInline,
	atom.Rt: kindInline, atom.Ruby: kindInline, atom.S: kindInline,
	atom.Samp: kindInline, atom.Small: kindInline, atom.Span: kindInline,
	atom.Strike: kindInline, atom.Strong: kindInline, atom.Sub: kindInline,
	atom.Sup: kindInline, atom.Time: kindInline, atom.Tt: kindInline,
	atom.U: kindInline, atom.Var: kindInline,
}

// inlineRendered lists the phrasing elements kept as tags in a block's
// inline HTML. Other phrasing elements (span, font, label, ...) keep their
// content but lose the tag.
var inlineRendered = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Cite: true,
	atom.Code: true, atom.Del: true, atom.Dfn: true, atom.Em: true,
	atom.I: true, atom.Ins: true, atom.Kbd: true, atom.Mark: true,
	atom.Q: true, atom.Rp: true, atom.Rt: true, atom.Ruby: true,
	atom.S: true, atom.Samp: true, atom.Small: true, atom.Strong: true,
	atom.Sub: true, atom.Sup: true, atom.U: true, atom.Var: true,
}

// lazyImageAttrs are the attributes that lazy-loading scripts read the real
// image URL from, best first. They win over src, which usually holds a
// placeholder when any of them is present.
var lazyImageAttrs = []string{
	"data-original",
	"data-original-src",
	"data-orig-file",
	"data-orig",
	"data-large-file",
	"data-hi-res-src",
	"data-full-src",
	"data-src",
	"data-actualsrc",
	"data-lazy-src",
	"data-lazyload",
	"data-lazyload-src",
	"data-ks-lazyload",
	"data-echo",
	"data-url",
	"data-img",
	"data-image",
	"data-img-src",
	"data-cfsrc",
	"data-pagespeed-lazy-src",
	"data-croporisrc",
	"data-backsrc",
	"data-medium-file",
	"data-low-res-src",
	"file",     // Discuz
	"zoomfile", // Discuz
}

// lazySrcsetAttrs are the attributes that hold a srcset, best first.
var lazySrcsetAttrs = []string{"data-srcset", "data-lazy-srcset", "srcset"}

// imageSizeAttrs are the attribute pairs an image's size is read from, best
// first. data-original-* describes the original file; width and height
// usually describe the file too in scraped bodies; w and h are IT之家's.
var imageSizeAttrs = [][2]string{
	{"data-original-width", "data-original-height"},
	{"width", "height"},
	{"data-width", "data-height"},
	{"data-w", "data-h"},
	{"w", "h"},
}

// captionClasses mark an element that captions the image right before it.
var captionClasses = map[string]bool{
	"image-caption":      true, // jianshu
	"img-desc":           true, // 36kr
	"img_descr":          true, // sina
	"img-caption":        true,
	"img_caption":        true,
	"image-desc":         true,
	"image_desc":         true,
	"img_desc":           true,
	"pic-desc":           true,
	"pic_desc":           true,
	"picture-caption":    true,
	"photo-caption":      true,
	"figure-caption":     true,
	"media-caption":      true,
	"wp-caption-text":    true, // WordPress classic
	"wp-element-caption": true, // WordPress blocks
	"caption":            true,
	"imgcaption":         true,
}

// skipClasses mark elements that are never content, such as the line
// number gutter of a highlighted code table.
var skipClasses = map[string]bool{
	"gutter":       true, // Hexo highlight tables
	"line-numbers": true,
	"linenos":      true,
	"lineno":       true,
}

// placeholderHosts serve stand-in images; their images are kept but flagged.
var placeholderHosts = map[string]bool{
	"picsum.photos":       true,
	"placehold.co":        true,
	"placehold.it":        true,
	"via.placeholder.com": true,
	"placeholder.com":     true,
	"dummyimage.com":      true,
	"placekitten.com":     true,
	"fakeimg.pl":          true,
	"loremflickr.com":     true,
	"source.unsplash.com": true,
}

// placeholderNames are image file names (without extension) that lazy
// loaders put in src until the real image loads. Such candidates are skipped.
var placeholderNames = map[string]bool{
	"blank": true, "placeholder": true, "spacer": true, "pixel": true,
	"transparent": true, "lazy": true, "lazyload": true, "loading": true,
	"1x1": true, "grey": true, "gray": true, "empty": true, "clear": true,
	"dot": true, "trans": true,
	"lazy-placeholder": true, "img-placeholder": true, "image-placeholder": true,
	"blank-image": true, "loader": true, "spinner": true,
}

// trackerHosts serve tracking pixels whatever size they claim.
var trackerHosts = map[string]bool{
	"feeds.feedburner.com":      true,
	"pixel.wp.com":              true,
	"stats.wp.com":              true,
	"www.google-analytics.com":  true,
	"pixel.quantserve.com":      true,
	"sb.scorecardresearch.com":  true,
	"b.scorecardresearch.com":   true,
	"pixel.mathtag.com":         true,
	"counter.yadro.ru":          true,
	"mc.yandex.ru":              true,
	"hm.baidu.com":              true,
	"www.assoc-amazon.com":      true,
	"ir-na.amazon-adsystem.com": true,
	"feeds.feedblitz.com":       true,
}

// embedSrcAttrs hold an iframe's URL, best first.
var embedSrcAttrs = []string{"src", "data-src", "data-lazy-src", "data-url"}
