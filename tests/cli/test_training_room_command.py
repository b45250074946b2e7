"""`python -m forms_service training-room` as a trainer runs it: make a room (the class
password and the seat cards printed), refuse 60 seats, reset, remove."""
from __future__ import annotations

import io

import pdfplumber

from forms_service.storage import open_store
from tests.document_text import pdf_text

from .test_admin_commands import run


def test_make_reset_remove_from_the_command_line(data_dir, tmp_path):
    refused = run(data_dir, "training-room", "--seats", "60")
    assert refused.returncode == 1
    assert "tối đa 40 chỗ ngồi; đã yêu cầu 60" in refused.stderr

    cards = tmp_path / "the.pdf"
    made = run(data_dir, "training-room", "--seats", "2", "--cards", str(cards))
    assert made.returncode == 0, made.stderr
    password = next(line for line in made.stdout.splitlines() if line.startswith("Mật khẩu của lớp: "))
    password = password.removeprefix("Mật khẩu của lớp: ")
    with pdfplumber.open(io.BytesIO(cards.read_bytes())) as pdf:
        assert len(pdf.pages) == 2
    assert password in pdf_text(cards.read_bytes())
    from werkzeug.security import check_password_hash
    assert check_password_hash(open_store(data_dir).accounts.get("hv02-dangvien").password_hash, password)

    reset = run(data_dir, "training-room", "--reset")
    assert reset.returncode == 0 and "Đã đưa phòng tập (2 chỗ ngồi) về lúc bắt đầu" in reset.stdout
    removed = run(data_dir, "training-room", "--remove")
    assert removed.returncode == 0 and "Đã xóa phòng tập" in removed.stdout
    assert open_store(data_dir).accounts.get("hv01-bithu") is None
    again = run(data_dir, "training-room", "--reset")
    assert again.returncode == 1 and "Chưa có phòng tập nào" in again.stderr
