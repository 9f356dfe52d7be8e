package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A recipe's page sets its ingredients apart from its method, in a list
// or a table of their own (with the quantities in cells), and readability
// keeps the method: the paragraphs. When the page declares a recipe
// (schema.org Recipe, in JSON-LD or microdata) and shows its ingredients
// in an element so named ("recipe-ingredients", "wprm-recipe-ingredients-
// container", "m053-ingredients"), and the article lacks them, that
// element joins the article, before or after it as the page sets it.
// Measured on the tuning part of trafilatura's benchmark: fires on 2 of
// its 711 pages (chefkoch, oetker; the other recipes there kept their
// ingredients already), 5 wanted snippets found, none unwanted.

// ingredients returns the element of orig that lists the recipe's
// ingredients, when the page declares a recipe and its text is not in
// ours, or nil.
func ingredients(orig, chosen *html.Node, ours string) *html.Node {
	if !isRecipePage(orig) {
		return nil
	}
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Head {
				continue
			}
			if strings.Contains(strings.ToLower(attr(c, "class")+" "+attr(c, "id")), "ingredient") && visibleRunes(c, nil) >= minIngredientRunes {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(orig)
	if found == nil || isInside(found, chosen) || isInside(chosen, found) {
		return nil
	}
	// A list or a table: what the converter reads as lines. (A page
	// that sets its ingredients as a definition list with a block in a
	// span lost their names there.)
	if lines := listLines(found); len(lines) >= minIngredients && !shown(lines, ours) {
		return found
	}
	return nil
}

// minIngredients is the least number of lines of an ingredient list.
const minIngredients = 2

// minIngredientRunes is the least text of an ingredient list: a few
// ingredients, not a label.
const minIngredientRunes = 20

// listLines returns the lines of n's lists and tables: its items and
// rows.
func listLines(n *html.Node) []string {
	var lines []string
	walkElements(n, func(e *html.Node) {
		if e.DataAtom == atom.Li || e.DataAtom == atom.Tr {
			lines = append(lines, nodeText(e))
		}
	})
	return lines
}

// shown reports whether most of lines are in ours already. An
// ingredient's name alone is in the method ("add the flour"); its line
// with the quantity is not.
func shown(lines []string, ours string) bool {
	in := 0
	for _, l := range lines {
		if strings.Contains(ours, l) {
			in++
		}
	}
	return 2*in >= len(lines)
}

func isInside(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// precedes reports whether a comes before b in document order.
func precedes(a, b *html.Node) bool {
	for n := a; n != nil; n = next(n, true) {
		if n == b {
			return true
		}
	}
	return false
}

// isRecipePage reports a page that declares a recipe: a schema.org
// Recipe in its JSON-LD or its microdata.
func isRecipePage(doc *html.Node) bool {
	found := false
	walkElements(doc, func(e *html.Node) {
		switch {
		case found:
		case strings.Contains(attr(e, "itemtype"), "schema.org/Recipe"):
			found = true
		case e.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attr(e, "type")), "application/ld+json") && e.FirstChild != nil && strings.Contains(e.FirstChild.Data, "Recipe"):
			var v any
			found = json.Unmarshal([]byte(e.FirstChild.Data), &v) == nil && hasType(v, "Recipe")
		}
	})
	return found
}

// hasType reports a JSON-LD value that is or holds (through arrays and
// @graph) an object of schema.org type t.
func hasType(v any, t string) bool {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if hasType(x, t) {
				return true
			}
		}
	case map[string]any:
		switch ty := v["@type"].(type) {
		case string:
			if ty == t {
				return true
			}
		case []any:
			for _, x := range ty {
				if x == t {
					return true
				}
			}
		}
		return hasType(v["@graph"], t)
	}
	return false
}
