"""Key files: creation, mode, and clear refusals of malformed files."""

from __future__ import annotations

import base64
import stat
import sys

import pytest

from thbhub.linkage import LinkageError
from thbhub.linkage.keys import generate_key, key_id_of, load_key, write_key


def test_a_written_key_loads_back_with_its_id(tmp_path):
    key = generate_key()
    path = tmp_path / "shared.key"
    write_key(key, path)
    loaded = load_key(path)
    assert loaded == key
    assert len(key.secret) == 32
    assert loaded.key_id == key_id_of(key.secret) and len(loaded.key_id) == 16
    assert f"key_id: {key.key_id}" in path.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_key_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "shared.key"
    write_key(generate_key(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_key_is_never_overwritten_by_accident(tmp_path):
    path = tmp_path / "shared.key"
    write_key(generate_key(), path)
    with pytest.raises(LinkageError, match=r"already exists.*--force"):
        write_key(generate_key(), path)
    replacement = generate_key()
    write_key(replacement, path, force=True)
    assert load_key(path) == replacement


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "needs a 'key_id:' and a 'secret:'"),
        ("key_id: 0123456789abcdef\nsecret: not base64!!\n", "not valid base64"),
        (f"key_id: 0123456789abcdef\nsecret: {base64.b64encode(b'short').decode()}\n", "5 bytes"),
        (f"key_id: 0123456789abcdef\nsecret: {base64.b64encode(bytes(32)).decode()}\n", "altered"),
        ("hello world\n", "unexpected line"),
    ],
)
def test_a_malformed_key_file_names_the_file_and_the_fix(tmp_path, content, problem):
    path = tmp_path / "broken.key"
    path.write_text(content)
    with pytest.raises(LinkageError, match=problem) as error:
        load_key(path)
    assert str(path) in str(error.value)
    assert "keygen" in str(error.value)


def test_a_missing_key_file_says_how_to_create_one(tmp_path):
    with pytest.raises(LinkageError, match="thbhub linkage keygen"):
        load_key(tmp_path / "nowhere.key")
