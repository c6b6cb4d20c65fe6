"""The font for the PDFs' fillable fields: a subset of DejaVu Sans made once into ``.cache/fonts/``.

A PDF viewer draws what someone types into a field with the font embedded for that field, so WeasyPrint
embeds that font whole. Whole DejaVu Sans is 6,000 glyphs and 760 KB: it made every checklist PDF weigh
440 KB and took most of the time to write it. The fields need the letters people type in names, agencies,
dates and notes, so the subset keeps Latin (with Vietnamese), Greek, Cyrillic and common punctuation:
about 1,200 glyphs, 80 KB. The printed text keeps the system's DejaVu Sans, subset to the glyphs used.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

from .assets import BuildError, write_atomic

FAMILY = "e-Guide Form Sans"
POSTSCRIPT_NAME = "eGuideFormSans"
SOURCE_FAMILY = "DejaVu Sans"
SOURCE_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),  # Debian and Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),  # Fedora
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),  # Arch
)
# Code points a person may type into a field.
RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0300, 0x036F),  # combining accents
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2010, 0x205E),  # dashes, quotes, bullets, primes
    (0x20AC, 0x20AC),  # euro sign
    (0x2116, 0x2116),  # numero sign
    (0x2122, 0x2122),  # trade mark sign
)


def source_font() -> Path:
    """DejaVu Sans as installed on this machine (fonts-dejavu-core on Debian)."""
    for candidate in SOURCE_CANDIDATES:
        if candidate.is_file():
            return candidate
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", SOURCE_FAMILY], check=False, capture_output=True,
                               text=True).stdout
        if found and Path(found).name.startswith("DejaVuSans") and Path(found).is_file():
            return Path(found)
    raise BuildError(f"the PDFs need the {SOURCE_FAMILY} font, which is not installed: "
                     "on Debian or Ubuntu run 'apt-get install fonts-dejavu-core', then build again")


def subset(source: bytes) -> bytes:
    """The form font: ``source`` cut down to ``RANGES``, renamed (the Bitstream Vera licence asks modified
    versions to carry another name) with its copyright and licence notices kept."""
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = ["*"]
    options.drop_tables += ["FFTM"]
    font = TTFont(io.BytesIO(source), recalcTimestamp=False)  # same bytes every time: reproducible PDFs
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in RANGES for code in range(first, last + 1)])
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(f"{FAMILY} (subset of {SOURCE_FAMILY})", 3, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(POSTSCRIPT_NAME, 6, record.platformID, record.platEncID, record.langID)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def form_font(cache: Path) -> Path:
    """The form font's file, made on first use and reused while the source font is unchanged."""
    source = source_font().read_bytes()
    digest = hashlib.sha256(source + repr(RANGES).encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    target = cache / "fonts" / f"{POSTSCRIPT_NAME}-{digest}.ttf"
    if not target.exists():
        write_atomic(target, subset(source))
    return target
