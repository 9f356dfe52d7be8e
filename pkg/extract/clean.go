package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bookify/article2book/internal/cjk"

	"github.com/bookify/article2book/pkg/book"
)

// The cleanup stage runs on the blocks readability's article gave. It
// removes what a reader would not mark as the article: the byline line
// (its fields go to the metadata), the title repeated as the first block,
// share buttons, editor credits, pagers, copyright notices, and the
// related-article and ranking lists news sites append. It works by
// structure (link density, lists of dated links, position after the body)
// and by known phrases, and it never removes a body paragraph for its
// place or its links alone: a block of running text without links is kept
// whatever it says, but for the short ones known phrases name as the
// page's (a call to the reader, a disclosure of advertising, a copyright
// or disclaimer notice closing the page, a teaser closing it).

// stampLabel opens a date line of the header zone or the footer, in the
// languages met: "Updated …", "Veröffentlicht am …", "Veröffentlichung:
// …". Not "Update …": a note the author appends to the article.
const stampLabel = `(?i)^(?:last |zuletzt |letzte )?(?:updated|published|posted|modified|aktualisiert|aktualisierung|veröffentlicht|veröffentlichung|erstellt|stand|publicado|actualizado|publié|mis à jour|modifié|opublikowano|publikacja|aktualizacja|aggiornato|pubblicato|atualizado|gepubliceerd|bijgewerkt)\b\s*(?:on|at|am|um|el|le|il|em|:)?\s*`

// relatedPhrases are the headings of the lists of other articles pages
// append, in the languages met.
const relatedPhrases = `APP\s*精彩推荐|精彩推荐|精彩推薦|相关阅读|相关新闻|相关文章|相关链接|相关推荐|相关报道|相关专题|相關新聞|相關閱讀|相關文章|相關報導|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|点击排行|點擊排行|热门推荐|熱門推薦|为你推荐|為你推薦|为您推荐|猜你喜欢|猜你喜歡|热点推荐|热门文章|熱門文章|热门新闻|热点新闻|最新文章|最新新闻|最新消息|往期回顾|往期精彩|精彩视频推荐|精彩图片|更多精彩|更多阅读|更多新闻|今日推荐|编辑推荐|排行榜|新闻排行|大家都在看|看了本文的人还看了|热门标签|相关标签|related(?: (?:articles|stories|posts|content|news|links|reading))?|read (?:more|next|also)|more (?:from|stories|on|news)\b.{0,30}|recommended(?: for you)?|you (?:may|might) also like|popular (?:posts|stories)|most (?:read|popular)|trending(?: now)?|related coverage|see also|further reading|more on this (?:story|topic)|verwandte artikel|ähnliche artikel|empfehlungen aus (?:der|dem) .{0,20}|das könnte sie auch interessieren|(?:das )?könnte sie (?:auch )?interessieren|meistgelesene? artikel|meistgelesen|meistdiskutierte? artikel|mehr zum thema.{0,30}|mehr zu .{0,30}|zum weiterlesen|weiterlesen|siehe auch|weiterführende links?|lesen sie auch|auch interessant|noticias relacionadas|más noticias|te puede interesar|lee también|lire aussi|à lire aussi|sur le même sujet|articles? similaires?|czytaj (?:też|także|również)|zobacz (?:też|także|również)|leggi anche|articoli correlati|leia também|veja também|notícias relacionadas|lesen sie auch(?: die(?:se)? (?:folgenden )?(?:beiträge|artikel)| diese[nr]? (?:beitrag|artikel))?|(?:das|dieses) (?:thema )?könnte (?:sie|dich) auch interessieren|schon gelesen|mehr themen|weitere (?:beiträge|artikel)(?: (?:aus|zu|zum) .{0,30})?|auch interessant|puedes ver|le puede interesar|(?:también )?te puede interesar|lee (?:también|más)|leer más|à lire (?:aussi|également)|lire aussi|voir aussi|czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|przeczytaj (?:też|także|również)|leggi anche|potrebbe interessarti|leia também|veja também|read also|also read|see more|you may also be interested in|(?:more|related) (?:articles|stories|posts)|(?:audios?|videos?|vidéos?|artikel|beiträge|articles?)(?: (?:und|and|et|y) (?:audios?|videos?|vidéos?|artikel|bilder))? (?:zum thema|on the topic|sur le sujet|sobre el tema)`

// pageControl is a control of the page named in words (print, share,
// mail, save, permalink) with what it acts on: "Imprimer cette page",
// "Rezept drucken", "Bei Pinterest speichern". Controls stand in a row
// in one line.
const pageControl = `(?:(?:diesen |den |die |das )?(?:artikel|beitrag|seite|rezept) (?:teilen|drucken|empfehlen|merken|speichern)|` +
	`(?:print|share|email|e-mail|tweet|drucken|teilen|drukuj|udostępnij|imprimir|compartir|imprimer|partager|stampa|condividi|partilhar|mail|permalink|permalien)` +
	`(?: (?:this|the) (?:article|story|page|post)| cette page| cet article| diese seite| esta página| este artículo| questa pagina| questo articolo)?|` +
	`(?:(?:bei|auf|on|sur|en) )?pinterest (?:speichern|merken|teilen|pinnen)|(?:save|pin it) (?:on|to) pinterest|pin it|pinnen)`

var (
	// Lines that are furniture wherever they stand. Each is anchored: the
	// whole block must be the phrase.
	rxFurniture = lazy(`^(?:` +
		`[\[【(（]?\s*(?:分享到|分享至|分享：|转播到腾讯微博|轉播到騰訊微博|分享到微信|微信扫一扫|掃一掃|扫一扫|打开微信|用微信扫码|扫描二维码|点击分享|一键分享)[^。！？]{0,30}|` +
		`返回搜狐[，,]?\s*查看更多|` +
		`(?:高清)?(?:图集|組圖|组图|圖集)|[+＋]\s*\d{1,3}|` + // a gallery's label, a like counter
		`(?:点击|點擊)(?:进入|進入|查看|阅读|閱讀|观看|觀看)[^。！？]{1,30}?(?:>>|》》|>|»|＞＞)?|` +
		`您是本文第\s*\d+\s*个阅览者|` +
		`您认为这篇文章与.{0,40}相关度高吗[？?]?|` +
		`(?:第\s*\d+\s*页\s*/?\s*共\s*\d+\s*页)?[\s|｜]*(?:上一页|下一页|上一頁|下一頁|首页|尾页|\d+|[|｜\s])*(?:上一页|下一页|上一頁|下一頁)[\s|｜\d]*(?:上一页|下一页|上一頁|下一頁|尾页|[|｜\s\d])*|` +
		`第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|` +
		`(?:[【\[]\s*\d+\s*[】\]]\s*){2,}|` + // a pager: 【1】【2】【3】
		`[【\[]?\s*(?:打印|关闭|關閉|打印本页|关闭窗口|收藏本页|纠错|返回顶部|返回首页)\s*[】\]]?(?:\s*[【\[]?\s*(?:打印|关闭|關閉|打印本页|关闭窗口|收藏本页|纠错|返回顶部|返回首页)\s*[】\]]?)*|` +
		`[【\[]?\s*字号\s*[:：]?\s*大\s*中\s*小\s*[】\]]?|` +
		`(?:点击|點擊)(?:进入|進入)?(?:专题|專題)[：:]?.{0,30}|` +
		`(?:本文|文章)?(?:阅读|閱讀|浏览|瀏覽)(?:次数|量|数)?[:：]?\s*\d+\s*次?|` +
		`(?:阅读|閱讀)\s*[(（]\s*\d*\s*[)）]|` +
		`(?:[^>›»]{1,24}\s*[>›»]\s*){2,}[^>›»]{1,40}|` + // a breadcrumb: 首页 > 科技 > 正文
		`发布于[:：].{0,12}|發佈於[:：].{0,12}|` +
		`(?:用LINE傳送|用LINE分享|LINE分享|推薦|facebook|twitter|google|linkedin|SHARE|讚\s*\d*|列印|A-|A\+|留言)|` +
		`(?i:continue reading(?: the main story)?|advertisement|supported by|share this (?:article|story|page)|skip to (?:main )?content|sign up for (?:our|the) .{0,30}newsletter)` +
		`)$`)
	// The same furniture in other languages: share, print and rating
	// controls, pagers back to the site, advertising labels, reading
	// times, comment-box states. Whole blocks, case-insensitive.
	rxFurnitureIntl = lazy(`(?i)^[\[(]?\s*(?:` +
		pageControl + `(?:\s*[|·•/,]?\s*` + pageControl + `)*|` + // "Rezept drucken Bei Pinterest speichern"
		`(?:permalink|permalien|kurzlink|short ?link)\s*:?\s*https?://\S+|` +
		`(?:möchten|wollen) sie (?:den|diesen) (?:artikel|beitrag) teilen\??|` +
		`(?:war|ist) (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)\??|` +
		`(?:was this|did you find this) (?:article|page|story) (?:helpful|useful)\??|` +
		`photo|foto|image|video|bild|imagen|grafik|图片|圖片|视频|視頻|` + // a media slot's label, its media gone
		`valor[ae] esta noticia|lade weitere inhalte|mehr laden|load more|(?:zurück|back) (?:zur|to)(?: the)? (?:startseite|übersicht|home ?page|top)|zurück|nach oben|` +
		`(?:anzeige|werbung|advertisement|publicidad|publicité|reklama|pubblicità)\s*:?|-\s*anzeige\s*-|` +
		`(?:kommentare|comments?) (?:sind )?(?:geschlossen|closed|are closed|schreiben|anzeigen)|` +
		`to view or add a comment,? sign in|(?:noch )?keine bewertungen(?: vorhanden)?|quellen (?:ausblenden|anzeigen)|` +
		`(?:image|photo|bild|foto|imagen|zdjęcie) \d+ (?:of|von|de|sur|z|di) \d+|` +
		`media playback is (?:unsupported|not supported) on your device|image copyright.{0,40}|image caption|` +
		`zum vergrößern(?: auf das bild)? klicken.{0,20}|click (?:here )?to enlarge|` +
		`(?:jetzt )?(?:(?:für )?(?:den|unseren) )?newsletter (?:anmelden|abonnieren)|subscribe to (?:our|the) newsletter` +
		`)\s*[\])]?$`)
	// A reading time, alone or closing a header's line after its date:
	// "5 min read", "Lesezeit: 3 Min.", "Estimated reading time: 6
	// minutes", "28 kwietnia 2021, 06:29 Ten tekst przeczytasz w mniej niż
	// minutę".
	rxReadingTime = lazy(`(?i)(?:^|\s|[\[(])(?:\d+\s*min(?:ute)?s?\.? (?:read|lesezeit|lesen|de lectura|de lecture|czytania)|(?:estimated )?(?:lesezeit|reading time|lectura|czas czytania|temps de lecture|tempo di lettura|leestijd)\s*:?\s*(?:ca\.\s*)?\d+\s*min(?:uten|utes|ute|uti|\.)?|ten tekst przeczytasz w (?:mniej niż |około )?(?:\d+ )?minut\p{L}*)\s*[\])]?$`)
	// Credits for a picture, standing alone or closing a caption:
	// "Foto: dpa", "(Bild: Jahr Media)", "Photograph by …", "Imagen: Télam".
	rxCredit = lazy(`(?i)(?:^|\s)[(\[]?(?:fotos?|photos?|bild(?:er)?|image|imagen|imágenes|quelle|credits?|crédits?|photograph|picture|zdjęcie|fot\.|©)\s*(?:\bby\b|:|©)\s*[^()\[\]\n]{1,60}[)\]]?$`)
	// The credit of the picture a page sets above its article, its
	// "featured image", which the article's text names as such: it
	// stands anywhere, often last, and belongs to no picture beside it.
	rxFeatureCredit = lazy(`(?i)^[(\[]?\s*(?:titelbild|beitragsbild|aufmacherbild|headerbild|teaserbild|titelfoto|aufmacherfoto|artikelbild|featured image|feature image|header image|cover image|top image|hero image|lead image|image en une|photo de une|foto de portada|imagen de portada|imagen destacada|immagine in evidenza|zdjęcie główne)\b\s*(?::|via\b|von\b|by\b|©|-|–)`)
	// A note that the article advertises or earns from its links:
	// "Anzeige, enthält Affiliate Links", "*Werbung. Dieser Beitrag
	// enthält Werbung für …", "Bei den Verlinkungen handelt es sich um
	// Affiliate Links".
	rxAdDisclosure = lazy(`(?i)affiliate[- ]?links?|partner-?links?|provisions-?links?|werbelinks?|enthält (?:unbezahlte )?werbung|(?:un)?bezahlte (?:werbung|partnerschaft)|sponsored post|advertorial|^\W*anzeige\s*[,/|]|in freundlicher zusammenarbeit mit|contains affiliate|paid partnership`)
	// The heading of the author's note that closes a page.
	rxBioHeading = lazy(`(?i)^(?:zur person|über (?:den|die) autor(?:in)?|(?:about|more about) the authors?|the authors?|sobre (?:el|la|o|a) autor[a]?|à propos de l['’]auteur|l['’]auteur|o autorze|sull['’]autore|kontakt|contact(?: us)?)\s*:?$`)
	// A section's name set above the headline as a kicker: "Biz & IT —".
	rxKicker = lazy(`^\S.{0,30}\s[—–]$`)
	// The original title of a reposted article, in brackets or labelled:
	// "（原标题：…）", "本文原标题：《…》". The page's own title is another.
	rxOrigTitle = lazy(`^[（(【\[]?\s*(?:本文)?原(?:标题|標題|題名)\s*[:：]\s*[^。！？]{1,100}?[）)】\]]?[。.]?$`)
	// A date line of the header zone in other languages: "Updated 3:45 PM
	// ET, Mon April 5, 2021", "Veröffentlicht am 12. März 2021".
	rxStamp = lazy(stampLabel + `.{0,40}\d`)
	// The same label alone, to read what follows it.
	rxStampLabel = lazy(stampLabel)
	// Dates written with month names, in English and German, and the
	// day-first numeric dates of Europe ("23.10.2018").
	rxMonthDate = lazy(`(?i)\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|\b\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\.?\s+(?:19|20)\d\d`)
	// A byline without a label in other languages: "By Jane Doe",
	// "VON Sina Giebel", "Par Jean Dupont".
	rxWesternByline = lazy(`(?i:^(?:by|von|par|por|di|przez|door|av|af))\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|und|et|y|e|i)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})?)$`)
	// Calls to install the site's app.
	rxAppPromo = lazy(`(?i)(?:下載|下载|打開|打开|安裝|安装)\s*(?:\S{0,6})?app|app\s*(?:下載|下载)`)
	// Headings of the lists sites append to an article.
	rxRelated = lazy(`(?i)^[【\[「]?\s*(?:` + relatedPhrases + `)\s*[】\]」]?\s*[:：>»›!?！？]*\s*$`)
	// A related article named in a line of the text: "Czytaj też: …",
	// "À lire aussi » …", "PUEDES VER: …", the title after it a link.
	rxPromoLead = lazy(`(?i)^[【\[「(]?\s*(?:` + relatedPhrases + `)\s*[】\]」)]?\s*[:：>»›|]+`)
	// Notices that close a page: copyright, reprint bans, disclaimers.
	rxNotice = lazy(`(?i)版权所有|版權所有|版权归|版權歸|未经.{0,15}(?:授权|许可|同意|允许).{0,15}(?:转载|轉載|使用|复制|摘编|镜像)|不得转载|禁止转载|转载请注明|转载请联系|转载须|違者必究|违者必究|免责声明|免責聲明|版权声明|版權聲明|特别声明|特別聲明|平台声明|^\s*声明[:：]|不构成.{0,8}投资建议|据此操作风险自担|該文觀點僅代表|该文观点仅代表|all rights reserved|^\s*(?:copyright|©)` +
		// The same notices in other languages, and disclaimers.
		`|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés|tutti i diritti riservati|wszelkie prawa zastrzeżone|materiał chroniony prawem|nachdruck.{0,30}nur mit|gibt die meinung de[rs] autor|nicht (?:notwendigerweise|unbedingt) die (?:meinung|ansicht)|do(?:es)? not (?:necessarily )?(?:reflect|represent) the (?:views|opinions?)|advertising disclos|affiliate links?|partnerlinks?|provisions-links?`)
	// Calls to the reader that close a page: to comment, rate, subscribe,
	// follow, write in, log in. Matched anywhere in a short closing block.
	rxClosingCall = lazy(`(?i)(?:in den kommentaren|in the comments|en los comentarios|dans les commentaires|w komentarzach|` +
		`kommentare? (?:sind )?(?:geschlossen|schreiben|verfassen)|comments? (?:are )?closed|leave a (?:comment|reply)|(?:^|\s)(?:keine|no) (?:kommentare|comments)(?:$|[\s.!])|um (?:einen )?kommentare? zu (?:schreiben|verfassen)|to (?:post|write|leave) (?:a )?comments?|` +
		`(?:artikel|beitrag|rezept|tipp) (?:bewerten|kommentieren)|rate this (?:article|post|recipe)|` +
		`(?:für|for|to|zu|zum|unseren|our) (?:unseren |our |den |the )?newsletter|newsletter (?:abonnieren|anmelden|bestellen)|subscribe (?:to|now|here|for|today)|sign up (?:for|to|now)|jetzt abonnieren|suscr[ií]bete|abonnez-vous|subskrypc|` +
		`nichts (?:mehr )?(?:verpassen|versäumen)|never miss\b|don'?t miss\b|verpassen sie (?:keine|nichts)|` +
		`folgen sie uns|follow us|síguenos|suivez-nous|` +
		`schreiben sie uns|write to us|escr[ií]b(?:enos|irnos)|écrivez-nous|` +
		`nicht eingeloggt|not logged in|must be logged in|eingeloggt sein|` +
		// Questions about the article itself and calls to judge or pass
		// it on: "Artikel gefallen? Vergiss nicht zu teilen!"
		`(?:artikel|beitrag|post|rezept) gefallen\?|gefällt (?:dir|ihnen) (?:dieser|der|unser) (?:artikel|beitrag|post|blog)\b|vergiss nicht,? (?:ihn |es |den artikel )?zu teilen|` +
		`(?:did|do) you (?:like|enjoy) this (?:article|post|story)|(?:liked|enjoyed) this (?:article|post|story)\?|what you think (?:about|of) this (?:article|story|post)|` +
		`teilen sie uns ihre (?:erfahrungen|meinung) mit|` +
		`¿?te (?:ha )?gustado (?:este|el) (?:artículo|post)|cet article vous a plu)`)
	// A date or time as related-article lists print them beside each link.
	rxListDate = lazy(`(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\b\d{1,2}[-/]\d{1,2}\b|\d{1,2}月\d{1,2}日|\b\d{1,2}:\d{2}\b|\d+\s*(?:分钟|小时|天)前`)
	// Images that are buttons, icons or advertisements, by their address;
	// DocBook's admonition and navigation icons.
	rxIconImage = lazy(`(?i)(?:^|[/_.-])(?:icons?|share|btn|button|qrcode|weixin|weibo|plurk|print|spacer|space|blank|pixel|next_?page|prev_?page)(?:[_.-][^/]*)?\.(?:gif|png|svg|jpe?g|webp)(?:$|\?)|/(?:ad|ads|advert|adv)/|/images/(?:note|caution|warning|tip|important|prev|next|home|up)\.(?:png|gif|svg)$`)
	// A calendar: a table of day numbers and weekday names.
	rxCalendarCell = lazy(`^(?:\d{1,2}|[一二三四五六日]|周[一二三四五六日]|星期[一二三四五六日]|(?i:mon|tue|wed|thu|fri|sat|sun)\w*|[MTWFS]|«|»|<|>|)$`)
)

// textOf returns the visible text of a block.
func blockText(b book.Block) string {
	a := book.Article{Blocks: []book.Block{b}}
	return strings.Join(a.Texts(), " ")
}

// textStats counts the non-space runes of a block and those inside links.
func textStats(b book.Block) (n, linked int) {
	count := func(runs []book.Inline) {
		for _, r := range runs {
			k := 0
			for _, ch := range r.Text {
				if !unicode.IsSpace(ch) {
					k++
				}
			}
			n += k
			if r.Href != "" {
				linked += k
			}
		}
	}
	var walk func(b book.Block)
	walk = func(b book.Block) {
		switch b := b.(type) {
		case *book.Heading:
			count(b.Content)
		case *book.Paragraph:
			count(b.Content)
		case *book.Image:
			count(b.Caption)
		case *book.Code:
			n += utf8.RuneCountInString(strings.Join(strings.Fields(b.Text), ""))
		case *book.Quote:
			for _, c := range b.Blocks {
				walk(c)
			}
		case *book.List:
			for _, it := range b.Items {
				for _, c := range it.Blocks {
					walk(c)
				}
			}
		case *book.Table:
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					count(c.Content)
				}
			}
		}
	}
	walk(b)
	return n, linked
}

func linkDensity(b book.Block) float64 {
	n, l := textStats(b)
	if n == 0 {
		return 0
	}
	return float64(l) / float64(n)
}

// isBody reports running text: a paragraph of some length, mostly not
// links. The cleanup never removes one.
func isBody(b book.Block) bool {
	switch b := b.(type) {
	case *book.Paragraph, *book.Quote, *book.Code:
		n, l := textStats(b)
		if n >= 50 && float64(l) < 0.3*float64(n) && !unpunctuated(b) {
			return true
		}
	case *book.List:
		// A list of running-text items is content.
		n, l := textStats(b)
		return n >= 80 && float64(l) < 0.3*float64(n)
	case *book.Table:
		return !isCalendar(b)
	}
	return false
}

// unpunctuated reports Chinese or Japanese text of some length without a
// single comma or full stop: labels run together (a box of links or
// names), not sentences.
func unpunctuated(b book.Block) bool {
	t := blockText(b)
	wide, n := 0, 0
	for _, r := range t {
		n++
		if cjk.Unspaced(r) {
			wide++
		}
	}
	return n >= 50 && 2*wide > n && !strings.ContainsAny(t, "。，、！？；：")
}

func isFurniture(b book.Block) bool {
	switch b.(type) {
	case *book.Paragraph, *book.Heading:
	default:
		return false
	}
	t := collapse(blockText(b))
	if utf8.RuneCountInString(t) > 80 {
		return false
	}
	return rxFurniture.MatchString(t) || rxFurnitureIntl.MatchString(t) || rxReadingTime.MatchString(t) || rxAppPromo.MatchString(t) && utf8.RuneCountInString(t) <= 60 || isEditorLine(t)
}

// isCredit reports a line that is a picture credit alone, its picture
// gone or set apart.
func isCredit(t string) bool {
	return utf8.RuneCountInString(t) <= 70 && rxCredit.MatchString(t) && rxCredit.FindStringIndex(t)[0] == 0
}

func isCreditLine(b book.Block) bool {
	_, ok := b.(*book.Paragraph)
	return ok && isCredit(collapse(blockText(b)))
}

// isFeatureCredit reports the credit line of the page's featured image
// ("Titelbild: …", "Beitragsbild via Unsplash."), which goes wherever it
// stands. Measured on the tuning part of trafilatura's benchmark: 5
// pages, 2 unwanted snippets fewer, no wanted one lost.
func isFeatureCredit(b book.Block) bool {
	if _, ok := b.(*book.Paragraph); !ok {
		return false
	}
	t := collapse(blockText(b))
	return utf8.RuneCountInString(t) <= 120 && rxFeatureCredit.MatchString(t)
}

// nextToImage reports whether the block to come follows a picture, or a
// caption (a short paragraph, its picture perhaps lost): a credit there is
// the picture's own.
func nextToImage(out []book.Block) bool {
	n := len(out)
	if n == 0 {
		return false
	}
	_, para := out[n-1].(*book.Paragraph)
	return isImage(out[n-1]) || para && runeCount(out[n-1]) <= 120
}

// isOrigTitle reports the original title of a reposted article.
func isOrigTitle(t string) bool {
	return utf8.RuneCountInString(t) <= 120 && rxOrigTitle.MatchString(t)
}

// isStamp reports a line that is a date, perhaps labelled ("Updated …"):
// the page's header or footer, not the article.
func isStamp(t string) bool {
	n := utf8.RuneCountInString(strings.Join(strings.Fields(t), ""))
	if n == 0 || n > 60 {
		return false
	}
	if rxStamp.MatchString(t) {
		return true
	}
	d := dateRunes(t)
	for _, m := range rxMonthDate.FindAllString(t, -1) {
		d += utf8.RuneCountInString(strings.Join(strings.Fields(m), ""))
	}
	return 2*d >= n
}

// isLabelledStamp reports a labelled date line ("Aktualisiert am
// 17.01.2021.", "Veröffentlichung: 2. Februar 2022"): the label, and a
// date or time for the rest. Such a line is the page's wherever it
// stands; a heading that opens with the same word ("Stand der Forschung
// 2021") is not a date for the rest.
func isLabelledStamp(t string) bool {
	if utf8.RuneCountInString(t) > 80 || utf8.RuneCountInString(strings.Join(strings.Fields(t), "")) > 60 {
		return false
	}
	m := rxStampLabel.FindStringIndex(t)
	if m == nil || !rxStamp.MatchString(t) {
		return false
	}
	rest := strings.TrimRight(t[m[1]:], ". ")
	n := utf8.RuneCountInString(strings.Join(strings.Fields(rest), ""))
	d := dateRunes(rest)
	for _, m := range rxMonthDate.FindAllString(rest, -1) {
		d += utf8.RuneCountInString(strings.Join(strings.Fields(m), ""))
	}
	return n > 0 && 2*d >= n
}

// isEditorLine reports a credit line of editors alone ("[责任编辑：肖春芳]"),
// which closes Chinese news articles.
func isEditorLine(t string) bool {
	if !strings.ContainsAny(t, "编編校审审监監") {
		return false
	}
	bl, ok := parseByline(t)
	return ok && len(bl.editors) > 0 && len(bl.authors) == 0 && !bl.hasDate && bl.source == ""
}

// isPromoLine reports a line of the text that names another article:
// a related-list label ("Lesen Sie auch:", "À lire aussi »") followed by
// a title that is mostly link.
func isPromoLine(b book.Block) bool {
	if !isTextBlock(b) {
		return false
	}
	t := collapse(blockText(b))
	if utf8.RuneCountInString(t) > 250 {
		return false
	}
	m := rxPromoLead.FindStringIndex(t)
	if m == nil {
		return false
	}
	n, l := textStats(b)
	rest := n - utf8.RuneCountInString(strings.Join(strings.Fields(t[:m[1]]), ""))
	return rest > 0 && 2*l >= rest
}

// isRelatedHeading reports the heading of a related list. The phrase is
// the whole line; 60 runes hold the longer ones ("Das Thema könnte dich
// auch interessieren:" is 41) and a topic after "more on".
func isRelatedHeading(b book.Block) bool {
	switch b.(type) {
	case *book.Paragraph, *book.Heading:
	default:
		return false
	}
	t := collapse(blockText(b))
	return utf8.RuneCountInString(t) <= 60 && rxRelated.MatchString(t)
}

// isNotice reports a short copyright or reprint notice.
func isNotice(b book.Block) bool {
	if _, ok := b.(*book.Paragraph); !ok {
		return false
	}
	t := collapse(blockText(b))
	return utf8.RuneCountInString(t) <= 160 && rxNotice.MatchString(t)
}

// isLinkList reports a list (or a paragraph) of links: the related,
// ranking, archive or "latest posts" lists pages carry around an article.
// Each item is mostly link text, and short.
func isLinkList(b book.Block) bool {
	switch b := b.(type) {
	case *book.List:
		if len(b.Items) == 0 {
			return false
		}
		linky := 0
		for _, it := range b.Items {
			item := &book.List{Items: []book.ListItem{it}}
			n, l := textStats(item)
			n -= dateRunes(blockText(item))
			if n <= 0 || float64(l) >= 0.6*float64(n) && n <= 80 {
				linky++
			}
		}
		return float64(linky) >= 0.7*float64(len(b.Items))
	case *book.Paragraph:
		n, l := textStats(b)
		n -= dateRunes(blockText(b))
		return l > 0 && float64(l) >= 0.6*float64(n) && n <= 80
	}
	return false
}

// dateRunes counts the non-space runes of the dates in s, which related
// lists print beside their links.
func dateRunes(s string) int {
	n := 0
	for _, d := range rxListDate.FindAllString(s, -1) {
		for _, r := range d {
			if !unicode.IsSpace(r) {
				n++
			}
		}
	}
	return n
}

// isDatedLinkList reports a link list whose items carry dates: a list of
// other articles, never the article's own content.
func isDatedLinkList(b book.Block) bool {
	l, ok := b.(*book.List)
	if !ok || len(l.Items) < 2 || !isLinkList(b) {
		return false
	}
	dated := 0
	for _, it := range l.Items {
		if rxListDate.MatchString(blockText(&book.List{Items: []book.ListItem{it}})) {
			dated++
		}
	}
	return 2*dated >= len(l.Items)
}

// isRelatedItem reports what follows a related-articles heading: links,
// thumbnails, dated titles.
func isRelatedItem(b book.Block) bool {
	if isLinkList(b) || isImage(b) || isFurniture(b) || isRelatedHeading(b) || isEmbedQuote(b) {
		return true
	}
	if !isTextBlock(b) {
		return false
	}
	n, l := textStats(b)
	return n <= 40 && (l > 0 || rxListDate.MatchString(blockText(b))) || n <= 12
}

// isEmbedQuote reports a quote that is a link and little else: the card
// WordPress sets for a post it embeds (a blockquote of class
// wp-embedded-content holding the post's linked title).
func isEmbedQuote(b book.Block) bool {
	q, ok := b.(*book.Quote)
	if !ok {
		return false
	}
	n, l := textStats(q)
	return n > 0 && n <= 120 && 10*l >= 9*n
}

// relatedToEnd reports whether blocks, all that follows a related
// heading, are a list of other articles: more link, date, picture and
// short blocks than paragraphs, and no heading of the article's own.
func relatedToEnd(blocks []book.Block) bool {
	items, body := 0, 0
	for _, b := range blocks {
		switch {
		case isHeading(b) && !isRelatedHeading(b):
			return false
		case isRelatedItem(b):
			items++
		case isBody(b):
			body++
		}
	}
	return items > 0 && items >= body
}

// resumedText returns how many blocks at the end of blocks, all that
// follows a related heading, are the article going on: running text
// after the list, when the list is one run of links. Teasers of the
// related articles alternate with their links instead.
func resumedText(blocks []book.Block) int {
	k := 0
	for k < len(blocks) && isBody(blocks[len(blocks)-1-k]) && !isRelatedItem(blocks[len(blocks)-1-k]) {
		k++
	}
	if k == 0 || k == len(blocks) {
		return 0
	}
	for _, b := range blocks[:len(blocks)-k] {
		if !isRelatedItem(b) {
			return 0
		}
	}
	return k
}

func isCalendar(t *book.Table) bool {
	cells := 0
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if !rxCalendarCell.MatchString(collapse(book.PlainText(c.Content))) {
				return false
			}
			cells++
		}
	}
	return cells >= 14
}

// cleanup is the stage after readability: see the comment at the top.
// titles are the headline and the page's other names for it (its <title>,
// og:title, h1), any of which a page may repeat as the first block.
func cleanup(a *book.Article, titles []string, cr *credits) {
	blocks := cleanTop(a, a.Blocks, titles, cr)
	ledeReporter(a, blocks, cr)
	blocks = dropEnlargeNotes(cleanEverywhere(a, blocks, cr))
	blocks = dropTeasers(dropMoreLinks(blocks))
	a.Blocks = dropLinkRuns(dropClosingNotices(dropBio(cleanTail(a, blocks, cr))))
}

// cleanTop cleans the top of the page: byline lines and the repeated
// title, before the first paragraph of running text, go (the bylines
// read into a).
func cleanTop(a *book.Article, blocks []book.Block, titles []string, cr *credits) []book.Block {
	var top []book.Block
	i := 0
	// Eight blocks of text: pictures (logos, icons, the lead photo) do
	// not count.
	for pics := 0; i < len(blocks) && i-pics < 8; i++ {
		b := blocks[i]
		if _, ok := b.(*book.Image); ok {
			top = append(top, b)
			pics++
			continue
		}
		t := collapse(blockText(b))
		if rest, ok := cutTitle(t, titles); ok && isTextBlock(b) {
			if rest == "" {
				continue
			}
			if bl, ok := parseByline(rest); ok {
				bl.apply(a, cr)
				continue
			}
		}
		if bl, ok := parseByline(t); ok && isTextBlock(b) {
			bl.apply(a, cr)
			continue
		}
		if isTextBlock(b) && (isOrigTitle(t) || isStamp(t)) {
			continue
		}
		if m := rxWesternByline.FindStringSubmatch(t); m != nil && isTextBlock(b) {
			if a.Byline == "" {
				a.Byline = m[1]
			}
			continue
		}
		if isList(b) && containsTitle(t, titles) {
			continue // a menu or breadcrumb that names the article
		}
		if isBody(b) {
			break
		}
		if n, l := textStats(b); !isHeading(b) && isTextBlock(b) && n <= 40 && 5*l >= 2*n && 10*l < 9*n {
			// Navigation above the text: short lines part links, part
			// labels ("元旦のイソップ童話 … ←→ English"). A line all link is a
			// headline of the text (a weekly edition's first story).
			continue
		}
		if isFurniture(b) || rxKicker.MatchString(t) || !hasText(top) && isTitlePart(b, t, titles) || a.Byline != "" && strings.HasPrefix(t, a.Byline) && utf8.RuneCountInString(t) <= 60 {
			// Furniture, the title set on two lines or in a breadcrumb,
			// the byline again.
			continue
		}
		top = append(top, b)
	}
	return append(top, blocks[i:]...)
}

// ledeReporter reads the reporter named at the start of the lede (after a
// caption, perhaps): "〔記者巫其倫／台北報導〕…".
func ledeReporter(a *book.Article, blocks []book.Block, cr *credits) {
	for j, body := 0, 0; j < len(blocks) && body < 2; j++ {
		if p, ok := blocks[j].(*book.Paragraph); ok && isBody(p) {
			body++
			if m := rxLedeReporter.FindStringSubmatch(book.PlainText(p.Content)); m != nil {
				bl := byline{authors: names(m[1])}
				bl.apply(a, cr)
				break
			}
		}
	}

}

// cleanEverywhere drops, wherever they stand, furniture lines, editor
// credits, calendars, calls to the reader, and related lists after their
// heading.
func cleanEverywhere(a *book.Article, blocks []book.Block, cr *credits) []book.Block {
	out := blocks[:0:0]
	for j := 0; j < len(blocks); j++ {
		b := blocks[j]
		switch {
		case isFurniture(b):
			if bl, ok := parseByline(collapse(blockText(b))); ok {
				bl.apply(a, cr)
			}
			continue
		case isTextBlock(b) && isOrigTitle(collapse(blockText(b))) && strings.IndexAny(collapse(blockText(b)), "（(【[本") == 0:
			// Bracketed or labelled as the article's ("本文…"), it is a
			// note wherever it stands; a bare "原标题：" line closing a
			// page (gmw) is the editor's and stays.
			continue
		case isImage(b) && iconImage(b.(*book.Image)):
			continue
		case isTable(b) && isCalendar(b.(*book.Table)):
			continue
		case isDatedLinkList(b), isPromoLine(b), isReaderCall(b), isTagLine(b), isAdDisclosure(b):
			continue
		case isTextBlock(b) && isLabelledStamp(collapse(blockText(b))):
			continue
		case isRelatedHeading(b):
			// The heading and the links under it go; running text after
			// them stays, unless it is the teasers of the related
			// articles themselves: the rest of the page is more links,
			// dates and pictures than text.
			if relatedToEnd(blocks[j+1:]) {
				end := len(blocks) - resumedText(blocks[j+1:])
				for _, r := range blocks[j+1 : end] {
					if isFurniture(r) {
						if bl, ok := parseByline(collapse(blockText(r))); ok {
							bl.apply(a, cr)
						}
					}
				}
				j = end - 1
				continue
			}
			for j+1 < len(blocks) && isRelatedItem(blocks[j+1]) {
				j++
			}
			continue
		case isList(b) && opensWithRelated(b.(*book.List)):
			// A list headed by its own first item ("Artikel und Videos
			// zum Thema", then the links).
			continue
		case isList(b):
			b = cleanList(b.(*book.List))
			if b == nil {
				continue
			}
		case isCreditLine(b) && !nextToImage(out), isFeatureCredit(b):
			continue
		}
		out = append(out, b)
	}
	return out
}

// cleanTail removes what follows the article's last paragraph of running
// text when it is the page's: links, notices, source and editor lines, and
// the headings, list titles and pictures among them. A picture stays when
// nothing before it was dropped: an article may end with a photograph.
func cleanTail(a *book.Article, blocks []book.Block, cr *credits) []book.Block {
	last := -1
	for i, b := range blocks {
		if isBody(b) {
			last = i
		}
	}
	tail := blocks[last+1:]
	drop := make([]bool, len(tail))
	for i, b := range tail {
		t := collapse(blockText(b))
		if bl, ok := parseByline(t); ok && isTextBlock(b) && (bl.source != "" || len(bl.editors) > 0) && len(bl.authors) == 0 {
			bl.apply(a, cr)
			drop[i] = true
			continue
		}
		n, l := textStats(b)
		drop[i] = isNotice(b) || isFurniture(b) || isTextBlock(b) && isStamp(t) || isRule(b) || isTextBlock(b) && (unpunctuated(b) || 5*l >= 3*n && l > 0) ||
			isLinkList(b) && !underOwnHeading(blocks[:last+1+i+1]) ||
			!isImage(b) && strings.TrimFunc(t, isPunctOrSpace) == ""
	}
	// Headings and list titles go when all after them goes; pictures go
	// once the article has ended.
	for i := len(tail) - 1; i >= 0; i-- {
		b := tail[i]
		rest := true
		for _, d := range drop[i+1:] {
			rest = rest && d
		}
		switch {
		case isHeading(b):
			drop[i] = drop[i] || rest
		case isTextBlock(b) && runeCount(b) <= 12 && i+1 < len(tail):
			// A list's title, not a closing line: something follows.
			drop[i] = drop[i] || rest
		}
	}
	ended := false
	out := blocks[: last+1 : last+1]
	for i, b := range tail {
		if isImage(b) && ended {
			drop[i] = true
		}
		ended = ended || drop[i]
		if !drop[i] {
			out = append(out, b)
		}
	}
	return out
}

// dropClosingNotices removes the copyright and disclaimer paragraphs
// that close a page, however long: the page's, not the article's; and
// the short calls to the reader among them.
func dropClosingNotices(blocks []book.Block) []book.Block {
	for len(blocks) > 1 && (isNotice(blocks[len(blocks)-1]) || isClosingCall(blocks[len(blocks)-1])) {
		blocks = blocks[:len(blocks)-1]
	}
	return blocks
}

// maxCallRunes bounds a call to the reader: a longer paragraph is text.
const maxCallRunes = 200

// isClosingCall reports a short block that asks the reader to comment,
// rate, subscribe, follow, write in or log in.
func isClosingCall(b book.Block) bool {
	if !isTextBlock(b) {
		return false
	}
	t := collapse(blockText(b))
	return utf8.RuneCountInString(t) <= maxCallRunes && rxClosingCall.MatchString(t)
}

// maxInlineCallRunes bounds a call to the reader set between paragraphs
// of the article ("Never miss the latest news by signing up to our
// newsletter today!", a comment box's "Sie sind aktuell nicht
// eingeloggt."): a line, not the paragraph of running text a closing
// call may be. Measured on the tuning part of trafilatura's benchmark: 3
// unwanted snippets fewer, no wanted one lost (the same at 200).
const maxInlineCallRunes = 120

// isAdDisclosure reports a short paragraph that discloses advertising
// or affiliate links, wherever it stands (above the article, under a
// shop's box of products); an author's line that names a sponsored post
// is kept. Measured on the tuning part of trafilatura's benchmark: 3
// pages, 2 unwanted snippets fewer, no wanted one lost.
func isAdDisclosure(b book.Block) bool {
	if _, ok := b.(*book.Paragraph); !ok {
		return false
	}
	t := collapse(blockText(b))
	if utf8.RuneCountInString(t) > maxDisclosureRunes || strings.IndexFunc(t, isLatinLetter) < 0 || !rxAdDisclosure.MatchString(t) {
		return false
	}
	_, byline := parseByline(t)
	return !byline && !rxAuthorLabel.MatchString(t)
}

// rxAuthorLabel opens a line that names the article's author.
var rxAuthorLabel = lazy(`(?i)^\W*(?:autor(?:in)?|author|auteur|autore|by|von)\b`)

// maxDisclosureRunes bounds a disclosure: a longer paragraph is the
// article's text about advertising.
const maxDisclosureRunes = 160

// isReaderCall reports a call to the reader wherever it stands: a line
// that asks the reader to comment, rate, subscribe, follow or log in.
func isReaderCall(b book.Block) bool {
	if !isTextBlock(b) {
		return false
	}
	t := collapse(blockText(b))
	// The calls are phrased in languages of the Latin script: a line
	// without a Latin letter is none, and the long pattern is spared.
	return utf8.RuneCountInString(t) <= maxInlineCallRunes && strings.IndexFunc(t, isLatinLetter) >= 0 && rxClosingCall.MatchString(t)
}

func isLatinLetter(r rune) bool { return unicode.Is(unicode.Latin, r) }

// dropBio removes the author's note or the contact box that closes a
// page: a heading of its own ("Zur Person", "About the author") among the
// last blocks, and at most a few short blocks after it.
func dropBio(blocks []book.Block) []book.Block {
	for i := len(blocks) - 1; i >= 1 && i >= len(blocks)-4; i-- {
		if !isTextBlock(blocks[i]) || !rxBioHeading.MatchString(collapse(blockText(blocks[i]))) {
			continue
		}
		n := 0
		for _, b := range blocks[i+1:] {
			n += runeCount(b)
		}
		if n <= 600 {
			return blocks[:i]
		}
	}
	return blocks
}

// dropTeasers removes the teasers of other articles that close a page:
// two or more groups of a linked headline, perhaps a picture, a short
// summary, a date.
func dropTeasers(blocks []book.Block) []book.Block {
	end, groups := len(blocks), 0
	for end > 0 {
		h := end - 1
		for h >= 0 && h >= end-5 && !isLinkedHeadline(blocks[h]) {
			if isHeading(blocks[h]) || runeCount(blocks[h]) > 400 {
				h = -1
			}
			h--
		}
		if h < 0 || h < end-5 || !isLinkedHeadline(blocks[h]) {
			break
		}
		for h > 0 && isImage(blocks[h-1]) {
			h--
		}
		end = h
		groups++
	}
	if groups >= 2 {
		return blocks[:end]
	}
	return blocks
}

func runeCount(b book.Block) int { k, _ := textStats(b); return k }

// isLinkedHeadline reports a heading, or a short paragraph, that is all
// link: the headline of another article.
func isLinkedHeadline(b book.Block) bool {
	if !isTextBlock(b) {
		return false
	}
	k, l := textStats(b)
	return k > 0 && k <= 80 && float64(l) >= 0.9*float64(k) && isHeading(b)
}

// underOwnHeading reports whether the last block follows a heading of its
// own ("External links"): a section of the article, not the page's.
func underOwnHeading(blocks []book.Block) bool {
	for i := len(blocks) - 2; i >= 0 && i >= len(blocks)-4; i-- {
		if isHeading(blocks[i]) {
			return !isRelatedHeading(blocks[i])
		}
	}
	return false
}

// opensWithRelated reports a list, mostly links, whose first item is a
// related list's heading.
func opensWithRelated(l *book.List) bool {
	if len(l.Items) == 0 || len(l.Items[0].Blocks) == 0 || !isRelatedHeading(l.Items[0].Blocks[0]) {
		return false
	}
	rest := &book.List{Items: append([]book.ListItem{{Blocks: l.Items[0].Blocks[1:]}}, l.Items[1:]...)}
	return linkDensity(rest) >= 0.6
}

// cleanList drops furniture items from a list, and the list when none is
// left.
func cleanList(l *book.List) book.Block {
	items := l.Items[:0:0]
	for _, it := range l.Items {
		if len(it.Blocks) == 1 && isFurniture(it.Blocks[0]) {
			continue
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil
	}
	return &book.List{Ordered: l.Ordered, Start: l.Start, Items: items}
}

// isTitlePart reports a heading or short paragraph that is a part of the
// title: the title set on two lines, or a breadcrumb ending with it.
func isTitlePart(b book.Block, t string, titles []string) bool {
	if !isTextBlock(b) || utf8.RuneCountInString(t) < 8 {
		return false
	}
	k := looseKey(t)
	for _, title := range titles {
		if tk := looseKey(title); tk != "" && (strings.Contains(tk, k) || strings.HasSuffix(k, tk) && len(k)-len(tk) < 40) {
			return true
		}
	}
	return false
}

func containsTitle(t string, titles []string) bool {
	k := looseKey(t)
	for _, title := range titles {
		if tk := looseKey(title); len(tk) >= 8 && strings.Contains(k, tk) {
			return true
		}
	}
	return false
}

// hasText reports whether blocks hold a block of text, not only images.
func hasText(blocks []book.Block) bool {
	for _, b := range blocks {
		if !isImage(b) {
			return true
		}
	}
	return false
}

// looseKey is s lowercased without spaces and punctuation.
func looseKey(s string) string {
	return strings.Map(func(r rune) rune {
		if isPunctOrSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// cutTitle reports whether t starts with one of titles (compared without
// spaces and punctuation), and returns the rest.
func cutTitle(t string, titles []string) (string, bool) {
	for _, title := range titles {
		if title == "" {
			continue
		}
		if rest, ok := cutLoose(t, title); ok {
			return rest, true
		}
	}
	return "", false
}

func startsWithTitle(b book.Block, titles []string) bool {
	if !isTextBlock(b) {
		return false
	}
	rest, ok := cutTitle(collapse(blockText(b)), titles)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	_, isByline := parseByline(rest)
	return isByline
}

// cutLoose cuts prefix from s, ignoring spaces and punctuation in both.
func cutLoose(s, prefix string) (string, bool) {
	key := func(r rune) bool { return !isPunctOrSpace(r) }
	i := 0
	for _, p := range prefix {
		if !key(p) {
			continue
		}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if key(r) {
				break
			}
			i += n
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if i >= len(s) || unicode.ToLower(r) != unicode.ToLower(p) {
			return "", false
		}
		i += n
	}
	rest := s[i:]
	// The title must end where the text does or at a space or mark:
	// "标题" is not the start of "标题党".
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && key(r) {
		last, _ := utf8.DecodeLastRuneInString(prefix)
		if unicode.Is(unicode.Han, r) || !unicode.Is(unicode.Han, last) {
			return "", false
		}
	}
	return strings.TrimFunc(rest, isPunctOrSpace), true
}

func isPunctOrSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

func isTextBlock(b book.Block) bool {
	switch b.(type) {
	case *book.Paragraph, *book.Heading:
		return true
	}
	return false
}

func isHeading(b book.Block) bool { _, ok := b.(*book.Heading); return ok }
func isList(b book.Block) bool    { _, ok := b.(*book.List); return ok }
func isTable(b book.Block) bool   { _, ok := b.(*book.Table); return ok }
func isRule(b book.Block) bool    { _, ok := b.(*book.Rule); return ok }
func isImage(b book.Block) bool   { _, ok := b.(*book.Image); return ok }

// hiddenLink marks the text of a link that could not be resolved (a
// relative link on a page without a base): link text for the cleanup,
// plain text in the article.
const hiddenLink = "\x00link"

// unlinkHidden removes the hiddenLink marks.
func unlinkHidden(blocks []book.Block) {
	fix := func(runs []book.Inline) []book.Inline {
		out := runs[:0]
		for _, r := range runs {
			if r.Href == hiddenLink {
				r.Href = ""
			}
			if n := len(out); n > 0 && out[n-1].Style == r.Style && out[n-1].Href == r.Href && out[n-1].Lang == r.Lang {
				out[n-1].Text += r.Text
				continue
			}
			out = append(out, r)
		}
		return out
	}
	var walk func(blocks []book.Block)
	walk = func(blocks []book.Block) {
		for _, blk := range blocks {
			switch b := blk.(type) {
			case *book.Heading:
				b.Content = fix(b.Content)
			case *book.Paragraph:
				b.Content = fix(b.Content)
			case *book.Image:
				b.Caption = fix(b.Caption)
			case *book.Quote:
				walk(b.Blocks)
			case *book.List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			case *book.Table:
				b.Caption = fix(b.Caption)
				for _, r := range b.Rows {
					for i := range r.Cells {
						r.Cells[i].Content = fix(r.Cells[i].Content)
					}
				}
			}
		}
	}
	walk(blocks)
}
