from __future__ import annotations

import io

import pytest

from dlpguard.cli_input import CheckedTextReader, JsonlError, JsonlRequest, iter_jsonl, load_input
from dlpguard.errors import InputError

MIXED = "añ€🎉b" * 50  # 1-, 2-, 3- and 4-byte characters


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 5, 64])
@pytest.mark.parametrize("size", [1, 3, 7, 1000])
def test_reader_decodes_multibyte_text_split_anywhere(chunk_bytes, size):
    reader = CheckedTextReader(io.BytesIO(MIXED.encode()), chunk_bytes=chunk_bytes)
    pieces = []
    while piece := reader.read(size):
        assert len(piece) <= size
        pieces.append(piece)
    assert "".join(pieces) == MIXED
    assert reader.bytes_read == len(MIXED.encode())


@pytest.mark.parametrize("chunk_bytes", [1, 2, 4, 64])
@pytest.mark.parametrize(
    "data, offset",
    [
        (b"ok \xf0\x9f\x8e", 3),  # truncated emoji at the very end
        (b"\xe2\x82\xac\xe2(", 3),  # a good euro sign, then a broken sequence
        (b"abc\x80def", 3),  # a lone continuation byte
    ],
)
def test_invalid_utf8_offset_is_exact_whatever_the_chunking(chunk_bytes, data, offset):
    reader = CheckedTextReader(io.BytesIO(data), chunk_bytes=chunk_bytes)
    with pytest.raises(InputError, match=f"invalid UTF-8 at byte offset {offset} "):
        reader.read()


@pytest.mark.parametrize("chunk_bytes", [1, 3, 64])
def test_nul_offset_is_exact_whatever_the_chunking(chunk_bytes):
    reader = CheckedTextReader(io.BytesIO(b"12345\x00"), chunk_bytes=chunk_bytes)
    with pytest.raises(InputError, match=r"binary input \(NUL byte at offset 5\)"):
        reader.read()


def test_replace_mode_keeps_going():
    assert CheckedTextReader(io.BytesIO(b"a\xffb"), errors="replace").read() == "a\ufffdb"


def test_small_input_is_read_whole_and_large_input_is_handed_back_as_a_stream():
    small = load_input(io.BytesIO(b"hello"), stream_above=10)
    assert small.text == "hello"
    data = b"x" * 100_000
    large = load_input(io.BytesIO(data), stream_above=10)
    assert large.text is None
    assert large.stream.read() == data.decode()


def test_empty_input_is_refused():
    with pytest.raises(InputError, match="empty input"):
        load_input(io.BytesIO(b""))


def test_jsonl_overlong_line_is_refused_without_losing_the_next_line():
    data = b'{"id": 1, "text": "' + b"a" * 100 + b'"}\n{"id": 2, "text": "ok"}\n'
    items = list(iter_jsonl(io.BytesIO(data), max_line_bytes=50))
    assert isinstance(items[0], JsonlError) and items[0].code == "line_too_long"
    assert items[1] == JsonlRequest(2, "ok")


def test_jsonl_last_line_without_newline_and_blank_lines():
    items = list(iter_jsonl(io.BytesIO(b'\n  \n{"id": "a", "text": "x"}')))
    assert items == [JsonlRequest("a", "x")]


@pytest.mark.parametrize("ident", ["true", '{"x": 1}', "null"])
def test_jsonl_ids_that_are_not_scalars_become_null(ident):
    [item] = iter_jsonl(io.BytesIO(b'{"id": ' + ident.encode() + b', "text": "x"}\n'))
    assert item == JsonlRequest(None, "x")
