"""File text for the guard: documents, archives and images, chosen by content, never by file name.

`extract(data, limits)` sniffs the bytes (`sniff.py`), runs the matching extractor (`documents.py`,
`archives.py`, `ole.py` for legacy Office and Outlook files, `ocr.py` for images and, through
`pdf_images.py`, scanned PDF pages) within bounds of depth, size, count, expansion ratio and time, and
returns an `Extraction`: the text to scan, the parts that could not be read and why (and which PDF pages
were OCR'd), or a refusal (a zip bomb, an archive past the limits). Nothing here knows policies or
protocols; the guard pipeline decides.
"""

from dlpguard.extract.core import Extraction, ExtractLimits, Kind, Part, SensitivityLabel
from dlpguard.extract.dispatch import extract
from dlpguard.extract.ocr import ocr_status
from dlpguard.extract.sniff import sniff

__all__ = [
    "ExtractLimits", "Extraction", "Kind", "Part", "SensitivityLabel", "extract", "ocr_status", "sniff"
]
