"""The working identity is sealed with a bounded scrypt work factor (128 MiB, not age's
calibrated 1 GiB), in age's own format."""

from __future__ import annotations

import pytest

from desktop.core.errors import UserError
from desktop.core.sync import keys, seal

from .conftest import PASSPHRASE


def test_a_sealed_file_opens_with_pyrage_and_only_with_the_passphrase():
    from pyrage import DecryptError
    from pyrage import passphrase as age_passphrase

    data = seal.seal(b"AGE-SECRET-KEY-1EXAMPLE", PASSPHRASE)
    assert seal.work_factor(data) == seal.LOG_N == 17
    assert age_passphrase.decrypt(data, PASSPHRASE) == b"AGE-SECRET-KEY-1EXAMPLE"
    with pytest.raises(DecryptError):
        age_passphrase.decrypt(data, "mat-khau-khac-2026")


def test_a_key_sealed_by_age_itself_is_sealed_again_bounded_at_first_unseal(prov):
    """age calibrates its work factor to about a second of the machine that seals: 2^18 and
    more on a recent PC (2^17 on a busy test machine, so the heavier file is made here with the
    factor a fast PC's age would choose; pyrage reads it all the same)."""
    identity = keys.unlock_working_identity(prov.db, PASSPHRASE)
    heavy = seal.seal(str(identity).encode("ascii"), PASSPHRASE, log_n=seal.LOG_N + 1)
    prov.db.conn.execute("UPDATE sync_key SET secret = ? WHERE name = 'age_working'", [heavy])
    assert seal.work_factor(heavy) > seal.LOG_N
    again = keys.unlock_working_identity(prov.db, PASSPHRASE)
    assert str(again) == str(identity)
    stored = prov.db.conn.execute("SELECT secret FROM sync_key WHERE name = 'age_working'")
    assert seal.work_factor(bytes(stored.fetchone()[0])) == seal.LOG_N


def test_an_empty_passphrase_is_said_before_any_work(prov):
    with pytest.raises(UserError, match="Chưa nhập mật khẩu"):
        keys.unlock_working_identity(prov.db, "")
