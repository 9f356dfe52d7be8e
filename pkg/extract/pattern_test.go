package extract

import (
	"reflect"
	"regexp"
	"testing"
)

// TestPatternsCompile compiles every pattern of the package, which a
// page may not reach in the other tests, and checks that a pattern
// answers as the regular expression it stands for.
func TestPatternsCompile(t *testing.T) {
	for name, p := range map[string]*pattern{
		"rxBylineLabel": rxBylineLabel, "rxBylineDate": rxBylineDate, "rxBylineFurniture": rxBylineFurniture,
		"rxPostedBy": rxPostedBy, "rxCounter": rxCounter, "rxPublishedAt": rxPublishedAt,
		"rxEmptyBrackets": rxEmptyBrackets, "rxFontSize": rxFontSize, "rxReporter": rxReporter,
		"rxReporterEnd": rxReporterEnd, "rxOutletName": rxOutletName, "rxLedeReporter": rxLedeReporter,
		"rxSlashByline": rxSlashByline, "rxNameSep": rxNameSep, "xmlDecl": xmlDecl, "charsetParam": charsetParam,
		"rxFurniture": rxFurniture, "rxFurnitureIntl": rxFurnitureIntl, "rxCredit": rxCredit,
		"rxBioHeading": rxBioHeading, "rxKicker": rxKicker, "rxOrigTitle": rxOrigTitle, "rxStamp": rxStamp,
		"rxMonthDate": rxMonthDate, "rxWesternByline": rxWesternByline, "rxAppPromo": rxAppPromo,
		"rxRelated": rxRelated, "rxNotice": rxNotice, "rxListDate": rxListDate, "rxIconImage": rxIconImage,
		"rxCalendarCell": rxCalendarCell, "rxPageDate": rxPageDate, "rxBylineBy": rxBylineBy,
		"rxBylineEnglishDate": rxBylineEnglishDate, "rxSiteWord": rxSiteWord, "rxHiddenStyle": rxHiddenStyle,
		"rxWeChatCT": rxWeChatCT, "rxWeChatNick": rxWeChatNick, "rxDiscuzDate": rxDiscuzDate,
		"rxMoreLink": rxMoreLink, "rxReadingTime": rxReadingTime, "rxStampLabel": rxStampLabel, "rxFeatureCredit": rxFeatureCredit, "rxAdDisclosure": rxAdDisclosure, "rxAuthorLabel": rxAuthorLabel, "rxEnlarge": rxEnlarge,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := regexp.Compile(p.src); err != nil {
				t.Fatal(err)
			}
		})
	}
	p, re := lazy(`(\d+)年(\d+)月`), regexp.MustCompile(`(\d+)年(\d+)月`)
	s := "2025年1月至2026年12月"
	if got, want := p.FindAllStringSubmatchIndex(s, -1), re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("pattern %v, regexp %v", got, want)
	}
	if got, want := p.ReplaceAllString(s, "$2/$1"), re.ReplaceAllString(s, "$2/$1"); got != want {
		t.Errorf("pattern %q, regexp %q", got, want)
	}
}
