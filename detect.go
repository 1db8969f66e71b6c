package article

import (
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Detection of legacy encodings for input that is not UTF-8 and declares
// nothing. Each candidate decodes a sample; the sample's non-ASCII runes are
// scored by how typical they are of the candidate's language (the most
// frequent Hanzi of that script, kana, Hangul syllables, Latin letters), and
// replacement characters count against it. The best ratio wins, and
// windows-1252 is the fallback, as the WHATWG standard makes it.

type encodingCandidate struct {
	name  string
	enc   encoding.Encoding
	score func(r rune) float64
}

var encodingCandidates = []encodingCandidate{
	{"gb18030", simplifiedchinese.GB18030, scoreSimplified},
	{"big5", traditionalchinese.Big5, scoreTraditional},
	{"shift_jis", japanese.ShiftJIS, scoreJapanese},
	{"euc-jp", japanese.EUCJP, scoreJapanese},
	{"euc-kr", korean.EUCKR, scoreKorean},
}

const detectSampleBytes = 64 << 10

func detectEncoding(b []byte) (encoding.Encoding, string) {
	sample := b
	if len(sample) > detectSampleBytes {
		sample = sample[:detectSampleBytes]
	}
	best, bestScore := -1, 0.5
	for i, c := range encodingCandidates {
		d, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if s := scoreDecoded(d, c.score); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return charmap.Windows1252, "windows-1252"
	}
	return encodingCandidates[best].enc, encodingCandidates[best].name
}

// scoreDecoded returns the mean score of the non-ASCII runes of d, where a
// replacement character scores -4.
func scoreDecoded(d []byte, score func(rune) float64) float64 {
	var total, sum float64
	for i := 0; i < len(d); {
		if d[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(d[i:])
		i += n
		total++
		if r == utf8.RuneError {
			sum -= 4
			continue
		}
		sum += score(r)
	}
	if total == 0 {
		return 0
	}
	return sum / total
}

func isCJKPunct(r rune) bool {
	// Halfwidth katakana and Hangul (U+FF61–U+FFDC) are left out: Latin-1
	// capitals decode to them in Shift_JIS.
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFEE ||
		r == 0x2014 || r == 0x2026 || r >= 0x2018 && r <= 0x201D
}

func isHan(r rune) bool  { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }
func isKana(r rune) bool { return r >= 0x3040 && r <= 0x30FF }

func scoreSimplified(r rune) float64 { return scoreChinese(frequentSimplified, r) }

func scoreTraditional(r rune) float64 { return scoreChinese(frequentTraditional, r) }

func scoreChinese(frequent map[rune]bool, r rune) float64 {
	if frequent[r] || isCJKPunct(r) {
		return 1
	}
	return 0
}

func scoreJapanese(r rune) float64 {
	switch {
	case isKana(r), isCJKPunct(r):
		return 1
	case isHan(r):
		return 0.4
	}
	return 0
}

func scoreKorean(r rune) float64 {
	switch {
	case r >= 0xAC00 && r <= 0xD7A3, isCJKPunct(r):
		return 1
	case isHan(r):
		return 0.2
	}
	return 0
}

func runeSet(s string) map[rune]bool {
	m := make(map[rune]bool, utf8.RuneCountInString(s))
	for _, r := range s {
		m[r] = true
	}
	return m
}

// The most frequent Hanzi of Simplified and of Traditional Chinese text:
// they cover about three quarters of running text, and most of either set is
// rare or absent when the bytes of the other encoding are decoded.
var (
	frequentSimplified  = runeSet("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尾录网络软件用户系统数据平台服务智能技术发布公司产品市场")
	frequentTraditional = runeSet("的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根乾造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號尾錄網路軟體用戶系統數據平臺服務智慧技術發佈公司產品市場")
)
