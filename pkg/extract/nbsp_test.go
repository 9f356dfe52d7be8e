package extract

import (
	"strings"
	"testing"

	"github.com/bookify/article2book/pkg/book"
)

// TestUnglue: a stray no-break space (here ~) becomes a space, a
// typographic one stays, language by language. Inputs are runs as the
// page gives them ("|" parts runs, every other one a link).
func TestUnglue(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Strays between ordinary words.
		{"de words", "mit diesen Beiträgen~die Digitalisierung", "mit diesen Beiträgen die Digitalisierung"},
		{"de run of strays", "Die~Lizenzen~sind~einfach", "Die Lizenzen sind einfach"},
		{"de after comma", "in Kalifornien,~die DP World Tour", "in Kalifornien, die DP World Tour"},
		{"de before unit kept", "Heißluft~etwa 180~°C", "Heißluft etwa 180~°C"},
		{"de short lower word after", "Pin Up Girls~so etwas", "Pin Up Girls so etwas"},
		{"de after closing quote", "“Hofstaat”,~der mit", "“Hofstaat”, der mit"},
		{"de before opening quote", "sagte~„Nein“", "sagte „Nein“"},
		{"de soft hyphens stay", "Bei\u00adträ\u00adgen~die", "Bei\u00adträ\u00adgen die"},
		{"de across runs", "Beiträgen~|die", "Beiträgen |die"},
		{"en apostrophe word", "don't~know", "don't know"},
		{"en sentence end", "the committee.~Members agreed", "the committee. Members agreed"},
		{"ru words", "Москва~является столицей", "Москва является столицей"},
		{"el words", "Η~Αθήνα είναι~πόλη", "Η~Αθήνα είναι πόλη"},
		{"ar words", "أن~سلطة", "أن~سلطة"},
		{"ar long words", "الواضح~الاحتلال", "الواضح الاحتلال"},
		{"hi words with vowel signs", "भारतीय~क्रिकेट", "भारतीय क्रिकेट"},
		// Typographic ones stay.
		{"de date", "am 1.~Januar~2022", "am 1.~Januar~2022"},
		{"de abbreviation", "z.~B. Äpfel", "z.~B. Äpfel"},
		{"de page", "siehe S.~5", "siehe S.~5"},
		{"pl one-letter words", "PE~w~odrębnym głosowaniu, w~domu", "PE~w~odrębnym głosowaniu, w~domu"},
		{"pl preposition before noun", "się~od~głosu", "się od~głosu"},
		{"cs one-letter word", "k~tomu", "k~tomu"},
		{"fr question", "le virus~?", "le virus~?"},
		{"fr exclamation", "professeur Raoult~!", "professeur Raoult~!"},
		{"fr guillemets", "un «~mémorandum argumenté~»", "un «~mémorandum argumenté~»"},
		{"fr colon", "les métadonnées~: origine", "les métadonnées~: origine"},
		{"fr dash", "Ce dispositif –~autorisé par le juge~– permet", "Ce dispositif –~autorisé par le juge~– permet"},
		{"en title", "Mr~Smith and Dr~Jones", "Mr~Smith and Dr~Jones"},
		{"en numeral", "Elizabeth~II", "Elizabeth~II"},
		{"ru particle", "сказал~бы", "сказал~бы"},
		{"ru preposition", "на~столе", "на~столе"},
		{"number word", "fast 37.500~Tiere", "fast 37.500~Tiere"},
		{"word number", "COVID-19~Pandemie", "COVID-19~Pandemie"},
		{"run of space", "Modell~~~~Preis", "Modell~~~~Preis"},
		{"alternating run", "Modell~ ~ ~Preis", "Modell~ ~ ~Preis"},
		// The double space: a typed space beside a no-break one.
		{"space after", "PubMed~ PubMed Central", "PubMed PubMed Central"},
		{"space before", "Moskwy. ~Strona czeska", "Moskwy. Strona czeska"},
		{"spaces both sides", "Gegner ~ Lucid", "Gegner Lucid"},
		{"space across runs", "Tesla~| drängen", "Tesla| drängen"},
		{"space at the end", "Titel ~", "Titel"},
		{"space before a break", "Zeile ~|\n|weiter", "Zeile|\n|weiter"},
		{"fr space before question", "le virus ~?", "le virus~?"},
		{"fr space after guillemet", "un «~ mémorandum", "un «~mémorandum"},
		// Writing without spaces between words, and code, as written.
		{"zh", "第~3.1.1~节 Debian~Linux", "第~3.1.1~节 Debian~Linux"},
		{"ja", "東京~都庁 ~ Tokyo", "東京~都庁 ~ Tokyo"},
		{"ko", "서울~특별시 ~ 한국", "서울~특별시 ~ 한국"},
		{"th", "ภาษา~ไทย", "ภาษา~ไทย"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []piece
			for i, s := range strings.Split(tt.in, "|") {
				r := book.Inline{Text: strings.ReplaceAll(s, "~", "\u00a0")}
				if i%2 == 1 {
					r.Href = "https://example.org/"
				}
				ps = append(ps, piece{Inline: r})
			}
			var got []string
			for _, r := range normalizeRuns(ps) {
				got = append(got, strings.ReplaceAll(r.Text, "\u00a0", "~"))
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("normalizeRuns(%q) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

// TestUnglueCode: a no-break space inside code is the code's own.
func TestUnglueCode(t *testing.T) {
	ps := []piece{
		{Inline: book.Inline{Text: "Call\u00a0"}},
		{Inline: book.Inline{Text: "make\u00a0install", Style: book.Mono}},
		{Inline: book.Inline{Text: " now\u00a0please"}},
	}
	got := book.PlainText(normalizeRuns(ps))
	if want := "Call make\u00a0install now please"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
