"""The system libraries the PDFs need, checked before any PDF is made so that a missing one is named.

WeasyPrint draws text with Pango (and HarfBuzz, fontconfig), loaded from the system when it is imported; the
printed text and the form font come from DejaVu Sans (``fonts.source_font``). Python packages cannot bring
either, so ``requirements.txt`` does not: the README lists the Debian packages.
"""

from __future__ import annotations

from .assets import BuildError

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1"


def require_pdf_libraries() -> None:
    """Raise BuildError naming what is missing (Pango or DejaVu Sans), with the package to install."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as error:  # cffi: "cannot load library 'libpango-1.0-0': ..."
        raise BuildError(f"the PDFs need the Pango text library, which could not be loaded ({error}): on Debian or "
                         f"Ubuntu run 'apt-get install {PANGO_PACKAGES}', then build again") from None
    from .fonts import source_font

    source_font()  # raises BuildError naming fonts-dejavu-core when DejaVu Sans is missing
