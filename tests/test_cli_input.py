from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from dlpguard import cli_input
from dlpguard.cli import main
from dlpguard.cli_input import (
    CheckedTextReader,
    JsonlError,
    JsonlRequest,
    iter_jsonl,
    load_input,
    open_input_file,
)
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


# -- opening a file named on the command line (issue 13 item 7a) -------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/stdin and Unix sockets")
EMAIL = "maria.keller@northwind-traders.net"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def write_later(path, data: bytes, delay: float) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        with open(path, "wb") as out:
            out.write(data)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@posix_only
def test_a_fifo_nobody_writes_to_is_refused_after_the_wait_not_waited_on_forever(fifo):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"named pipe that nothing opened for writing within 0\.3 s"):
        open_input_file(str(fifo), fifo_wait=0.3)
    assert time.monotonic() - started < 5


@posix_only
def test_a_fifo_is_read_once_its_writer_comes(fifo):
    writer = write_later(fifo, b"hello from the writer", 0.2)
    with open_input_file(str(fifo), fifo_wait=10) as raw:
        assert raw.read() == b"hello from the writer"
    writer.join(5)


@posix_only
def test_a_fifo_whose_writer_is_slow_to_write_is_waited_for_like_any_pipe(fifo):
    def slow_writer() -> None:
        with open(fifo, "wb") as out:  # opens at once, writes after the wait has run out
            time.sleep(0.6)
            out.write(b"late but here")

    thread = threading.Thread(target=slow_writer, daemon=True)
    thread.start()
    time.sleep(0.1)
    with open_input_file(str(fifo), fifo_wait=0.2) as raw:
        assert raw.read() == b"late but here"
    thread.join(5)


@posix_only
def test_bytes_read_while_looking_for_a_writer_come_first(fifo, monkeypatch):
    monkeypatch.setattr(cli_input.select, "select", lambda r, w, x, timeout: ([], [], []))
    keep = os.open(fifo, os.O_RDWR)  # a writer that has already written, unseen by the wait
    os.write(keep, b"first line\nsecond line\n")
    try:
        with open_input_file(str(fifo), fifo_wait=0) as raw:
            assert raw.readline() == b"first line\n"
            os.close(keep)
            keep = -1
            assert raw.read() == b"second line\n"
    finally:
        if keep >= 0:
            os.close(keep)


@posix_only
@pytest.mark.parametrize("kind", ["directory", "socket"])
def test_what_cannot_be_read_as_a_file_is_refused_by_kind(tmp_path, kind):
    path = tmp_path / kind
    if kind == "directory":
        path.mkdir()
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    with pytest.raises(InputError, match=f"cannot read {path}: it is a {kind}; scan a file, or pipe it"):
        open_input_file(str(path))


def test_a_regular_file_and_a_missing_one(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"text")
    with open_input_file(str(path)) as raw:
        assert raw.read() == b"text"
    with pytest.raises(InputError, match=r"cannot read .*missing: No such file"):
        open_input_file(str(tmp_path / "missing"))


def cli_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLPGUARD_")}
    for name in ("DATA", "CONFIG", "RUNTIME", "MACHINE"):
        env[f"DLPGUARD_{name}_DIR"] = str(tmp_path / name.lower())
    return env


def run_scan(tmp_path, *args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dlpguard", "scan", "--no-model", "--no-echo", *args],
        capture_output=True,
        env=cli_env(tmp_path),
        timeout=120,
        check=False,
        **kwargs,
    )


@posix_only
def test_scan_of_a_fifo_without_a_writer_ends_with_a_clear_error(tmp_path, fifo, monkeypatch):
    monkeypatch.setattr(cli_input, "FIFO_WRITER_WAIT_SECONDS", 0.2)
    for name, value in cli_env(tmp_path).items():
        if name.startswith("DLPGUARD_"):
            monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["scan", "--no-model", str(fifo)])
    assert result.exit_code == 2
    assert "nothing opened for writing within 0.2 s" in result.output


@posix_only
@pytest.mark.parametrize("source", ["-", "/dev/stdin"])
def test_scan_reads_piped_stdin_by_name_or_dash(tmp_path, source):
    result = run_scan(tmp_path, source, input=f"mail {EMAIL}\n".encode())
    assert result.returncode == 1, result.stderr
    assert b"EMAIL_ADDRESS" in result.stdout


@posix_only
def test_scan_reads_a_process_substitution_whose_writer_is_slow(tmp_path):
    read_end, write_end = os.pipe()  # what bash's <(command) hands over as /dev/fd/N
    writer = threading.Thread(
        target=lambda: (
            time.sleep(0.5),
            os.write(write_end, f"mail {EMAIL}\n".encode()),
            os.close(write_end),
        ),
        daemon=True,
    )
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dlpguard", "scan", "--no-model", "--no-echo", f"/dev/fd/{read_end}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(tmp_path),
            pass_fds=(read_end,),
        )
        os.close(read_end)
        writer.start()
        out, err = proc.communicate(timeout=120)
    finally:
        writer.join(5)
    assert proc.returncode == 1, err
    assert b"EMAIL_ADDRESS" in out


@posix_only
def test_scan_reads_a_named_fifo_whose_writer_starts_after_it(tmp_path, fifo):
    writer = write_later(fifo, f"mail {EMAIL}\n".encode(), 1.0)
    result = run_scan(tmp_path, str(fifo))
    writer.join(5)
    assert result.returncode == 1, result.stderr
    assert b"EMAIL_ADDRESS" in result.stdout
