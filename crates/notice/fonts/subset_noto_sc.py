#!/usr/bin/env python3
"""Make NotoSerifSC-Regular.otf, the bundled 宋体 and title face, from Debian's Noto Serif
CJK collection (fonts-noto-cjk 2.002). Needs fontTools (`pip install fonttools`).

    python3 extract_ttc_face.py /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc 2 /tmp/sc.otf
    python3 subset_noto_sc.py /tmp/sc.otf NotoSerifSC-Regular.otf

Coverage kept (the exact rule; see README.md "Coverage"):
  * every code point of the SC face's cmap that is not Han and not Hangul: punctuation,
    full-width forms, Latin, Greek, Cyrillic, kana, bopomofo, CJK symbols, enclosed
    numbers, arrows, box drawing (2 783 code points);
  * Han (U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF, U+20000–3FFFF) only when it is in GB 2312
    (the 6 763 hanzi, Python's gb2312 codec) or in FandolFang or FandolHei (so every
    character the body and heading faces draw can also be a title): 7 945 hanzi in all.
Every other hanzi (a name's 喆, Extension A and B) comes from the system's complete CJK
face at print time (fonts.rs, SYSTEM_CJK).
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))


def is_han(c):
    return 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3FFFF


def is_hangul(c):
    return (0x1100 <= c <= 0x11FF or 0x3130 <= c <= 0x318F or 0xA960 <= c <= 0xA97F or 0xAC00 <= c <= 0xD7FF
            or 0xFFA0 <= c <= 0xFFDC or 0x3200 <= c <= 0x321E or 0x3260 <= c <= 0x327F)


def in_gb2312(c):
    try:
        chr(c).encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def keep(src):
    cmap = TTFont(src).getBestCmap()
    fandol = set()
    for f in ("FandolFang-Regular.otf", "FandolHei-Regular.otf"):
        fandol |= set(TTFont(os.path.join(HERE, f)).getBestCmap())
    return sorted(c for c in cmap if not is_hangul(c) and (not is_han(c) or in_gb2312(c) or c in fandol))


def main(src, dst):
    codepoints = keep(src)
    han = sum(1 for c in codepoints if is_han(c))
    print(f"keeping {len(codepoints)} code points: {han} hanzi, {len(codepoints) - han} other")
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(src, options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    subset.save_font(font, dst, options)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
