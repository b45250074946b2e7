"""Bảng màu chung: màu chính, màu liên kết, màu tiêu điểm nằm trong một tệp duy nhất,
forms_service/static/css/palette.css, mà dịch vụ biểu mẫu cũng dùng. Hook này đưa tệp đó
vào bản dựng của sổ tay ở assets/css/palette.css (mkdocs.yml, extra_css)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

PALETTE = Path(__file__).resolve().parents[2] / "forms_service" / "static" / "css" / "palette.css"


def on_files(files, config):
    files.append(File.generated(config, "assets/css/palette.css", abs_src_path=str(PALETTE)))
    return files
