"""The images of a PDF page as files Tesseract opens itself (JPEG, JPEG 2000, CCITT fax as TIFF, raw
pixels as PNM), so a scanned page can be OCR'd without an imaging library: pypdf decodes the streams,
and the few bytes of a PNM header are written here.

Only images big enough to hold text count (icons and rules are skipped); the largest few of a page are
taken. An image in an encoding Tesseract cannot open (JBIG2, CMYK pixels, palettes of fewer than 8 bits)
is reported, not guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlpguard.extract.core import Budget, Refused, Unreadable

MIN_SIDE = 32  # pixels: smaller images are icons, bullets and rules, not text
MIN_AREA = 20_000
MAX_IMAGES_PER_PAGE = 4
MAX_PIXELS = 40_000_000  # as for images on their own (ocr.py)
_FORM_DEPTH = 3  # form XObjects inside form XObjects


@dataclass(frozen=True)
class PageImage:
    """One image XObject of a page, not decoded yet."""

    width: int
    height: int
    stream: object  # a pypdf stream object

    @property
    def area(self) -> int:
        return self.width * self.height


def _name(value: object) -> str:
    return str(value) if value is not None else ""


def _resolve(value: object) -> object:
    get = getattr(value, "get_object", None)
    return get() if callable(get) else value


def page_images(page: object) -> list[PageImage]:
    """The images of `page` large enough to hold text, largest first (at most `MAX_IMAGES_PER_PAGE`)."""
    found: list[PageImage] = []
    seen: set[int] = set()

    def walk(resources: object, depth: int) -> None:
        resources = _resolve(resources)
        if not isinstance(resources, dict):
            return
        xobjects = _resolve(resources.get("/XObject"))
        if not isinstance(xobjects, dict):
            return
        for ref in xobjects.values():
            obj = _resolve(ref)
            if not isinstance(obj, dict) or id(obj) in seen:
                continue
            seen.add(id(obj))
            subtype = _name(obj.get("/Subtype"))
            if subtype == "/Image":
                width, height = int(_resolve(obj.get("/Width", 0))), int(_resolve(obj.get("/Height", 0)))
                if min(width, height) >= MIN_SIDE and width * height >= MIN_AREA:
                    found.append(PageImage(width, height, obj))
            elif subtype == "/Form" and depth < _FORM_DEPTH:
                walk(obj.get("/Resources"), depth + 1)

    walk(page.get("/Resources"), 0)  # type: ignore[attr-defined]
    found.sort(key=lambda image: image.area, reverse=True)
    return found[:MAX_IMAGES_PER_PAGE]


def _filters(obj: dict) -> list[str]:
    value = _resolve(obj.get("/Filter"))
    if value is None:
        return []
    if isinstance(value, list):
        return [_name(_resolve(v)) for v in value]
    return [_name(value)]


def _components(space: object) -> tuple[int, bytes | None]:
    """(components, palette as gray levels for an /Indexed space, else None)."""
    space = _resolve(space)
    if isinstance(space, list) and space:
        family = _name(_resolve(space[0]))
        if family == "/ICCBased" and len(space) > 1:
            icc = _resolve(space[1])
            return int(_resolve(icc.get("/N", 3))) if isinstance(icc, dict) else 3, None
        if family in ("/CalGray", "/CalRGB"):
            return (1 if family == "/CalGray" else 3), None
        if family in ("/Indexed", "/I") and len(space) >= 4:
            base, _ = _components(space[1])
            lookup = _resolve(space[3])
            if hasattr(lookup, "get_data"):
                table = bytes(lookup.get_data())
            elif isinstance(lookup, bytes):
                table = bytes(lookup)
            else:  # a text string object: its bytes as written
                table = bytes(getattr(lookup, "original_bytes", b""))
            if base not in (1, 3):
                raise Unreadable("an image in an unsupported colour space")
            levels = bytearray(256)
            for index in range(min(256, len(table) // base)):
                entry = table[index * base : (index + 1) * base]
                gray = entry[0] if base == 1 else (entry[0] * 299 + entry[1] * 587 + entry[2] * 114) // 1000
                levels[index] = gray
            return 1, bytes(levels)
        space = space[0]
    name = _name(space)
    if name in ("/DeviceGray", "/G", "/CalGray"):
        return 1, None
    if name in ("/DeviceRGB", "/RGB", "/CalRGB"):
        return 3, None
    raise Unreadable("an image in an unsupported colour space")


_INVERT = bytes(255 - b for b in range(256))


def tesseract_file(image: PageImage, budget: Budget) -> bytes:
    """`image` as bytes Tesseract can open; `Unreadable` for an encoding it cannot."""
    obj = image.stream
    assert isinstance(obj, dict)
    if image.area > MAX_PIXELS:
        raise Unreadable("an image too large to read")
    filters = _filters(obj)
    last = filters[-1] if filters else ""
    if last in ("/JBIG2Decode",):
        raise Unreadable("a JBIG2-encoded image (not readable)")
    mask = bool(_resolve(obj.get("/ImageMask", False)))
    bpc = 1 if mask else int(_resolve(obj.get("/BitsPerComponent", 8)))
    components, palette = (1, None) if mask else (
        (3, None) if last in ("/DCTDecode", "/DCT", "/JPXDecode") and obj.get("/ColorSpace") is None
        else _components(obj.get("/ColorSpace"))
    )
    expected = (image.width * components * bpc + 7) // 8 * image.height
    limits = budget.limits
    if expected > limits.max_member_bytes:
        raise Unreadable("an image too large to read")
    budget.expanded += expected
    if budget.expanded > limits.max_expanded_bytes:
        raise Refused(f"images expand beyond {limits.max_expanded_bytes // (1024 * 1024)} MiB")
    data = obj.get_data()  # type: ignore[attr-defined]
    if last in ("/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF"):
        return bytes(data)  # JPEG, JPEG 2000, or the TIFF pypdf wraps a fax stream in
    decode = [float(_resolve(v)) for v in _resolve(obj.get("/Decode")) or []]
    inverted = len(decode) >= 2 and decode[0] > decode[1]
    if len(data) < expected:
        raise Unreadable("a damaged image (fewer pixels than it declares)")
    pixels = bytes(data[:expected])
    header = f"{image.width} {image.height}\n".encode()
    if bpc == 1 and components == 1 and palette is None:
        # PBM: 1 is black. In PDF gray 0 is black, and a stencil mask paints its 0 samples: flip both
        # unless /Decode already flips them.
        return b"P4\n" + header + (pixels if inverted else pixels.translate(_INVERT))
    if bpc not in (8, 16) or (palette is not None and bpc != 8):
        raise Unreadable(f"an image with {bpc}-bit samples (not readable)")
    if palette is not None:
        return b"P5\n" + header + b"255\n" + pixels.translate(palette)
    if components not in (1, 3):
        raise Unreadable("an image in an unsupported colour space")
    if inverted and bpc == 8:
        pixels = pixels.translate(_INVERT)
    magic = b"P5\n" if components == 1 else b"P6\n"
    return magic + header + (b"255\n" if bpc == 8 else b"65535\n") + pixels
