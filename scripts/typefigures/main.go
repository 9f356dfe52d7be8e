// Command typefigures prints typesetting figures of a PDF against the text
// it sets (see internal/typefigures), so that two builds can be compared:
//
//	go run ./scripts/typefigures -pdf out/x.pdf -text out/x.txt [-v]
//
// With -row NAME it prints one row of the table that
// scripts/typefigures-all prints (-header prints its header).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/bookify/article2book/internal/typefigures"
)

func main() {
	pdf := flag.String("pdf", "", "the PDF to measure")
	text := flag.String("text", "", "the text it sets (UTF-8)")
	row := flag.String("row", "", "print one table row named `NAME` instead of the full report")
	header := flag.Bool("header", false, "print the table header and exit")
	verbose := flag.Bool("v", false, "list each defect")
	flag.Parse()
	if *header {
		typefigures.PrintHeader(os.Stdout)
		return
	}
	if *pdf == "" || *text == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: typefigures -pdf FILE.pdf -text FILE.txt [-v] [-row NAME]")
		os.Exit(2)
	}
	f, err := typefigures.MeasureFiles(*pdf, *text)
	if err != nil {
		fmt.Fprintln(os.Stderr, "typefigures:", err)
		os.Exit(1)
	}
	if *row != "" {
		f.PrintRow(os.Stdout, *row)
		return
	}
	f.Print(os.Stdout, *verbose)
}
