"""Each sample DOCX opened as a clerk opens it (LibreOffice Writer, headless, Debian's
libreoffice-writer) has the pages of its PDF: the same count, the same key lines on the
same pages, one font for every run. The DOCX names Times New Roman (HD 36; what a clerk's
Word has); LibreOffice sets it in the metric-compatible Liberation Serif the PDF embeds."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from forms_service.cli import main
from forms_service.documents.render import DOCX_TEMPLATES, FONTS
from tests.documents import SAMPLE_STEMS
from tests.pdf_layout import fonts_of

pytestmark = pytest.mark.calendar

# Lines a reader looks for on a page: heading, title, the second part, the signature titles,
# the names signed, the verification code.
KEY_LINES = ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐƠN XIN VẮNG SINH HOẠT", "GIẤY GIỚI THIỆU", "PHIẾU XIN Ý KIẾN",
             "NHẬN XÉT CỦA CHI ỦY NƠI CƯ TRÚ", "NGƯỜI LÀM ĐƠN", "T/M ĐẢNG ỦY", "T/M CHI ỦY", "BÍ THƯ",
             "Nguyễn Văn An", "Trần Văn Phước", "Lê Thị Mai", "Nhận xét khác", "Mã tra cứu:",
             "SỔ THEO DÕI SINH HOẠT", "Các buổi sinh hoạt trong năm", "Cách ghi sổ"]


# A working copy printed from the attendance register, not an issued document: it has no code to check.
UNCODED = {"so-theo-doi"}


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """The samples, and LibreOffice's PDF of each DOCX in converted/lo/. LibreOffice sees the
    Liberation Serif we ship (as a clerk's Debian machine has it with LibreOffice) through a
    fontconfig file of its own, and runs with a throw-away profile."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Writer is missing: run `scripts/system-deps.sh test` (make test does)"
    folder = tmp_path_factory.mktemp("docx-pages")
    assert main(["samples", str(folder)]) == 0
    fonts_conf = folder / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{FONTS}</dir>'
        f'<cachedir>{folder / "font-cache"}</cachedir></fontconfig>', encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder / "lo"),
                    *[str(folder / f"{name}.docx") for name in SAMPLE_STEMS]],
                   check=True, capture_output=True, timeout=300,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(folder), "FONTCONFIG_FILE": str(fonts_conf)})
    return folder


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(data)) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def key_lines_by_page(pages: list[str]) -> list[set[str]]:
    return [{line for line in KEY_LINES if line in text} for text in pages]


@pytest.mark.parametrize("name", SAMPLE_STEMS)
def test_docx_in_libreoffice_has_the_pages_of_the_pdf(converted, name):
    ours = page_texts((converted / f"{name}.pdf").read_bytes())
    writer = page_texts((converted / "lo" / f"{name}.pdf").read_bytes())
    assert len(writer) == len(ours), f"{name}: {len(writer)} pages in LibreOffice, {len(ours)} in the PDF"
    assert key_lines_by_page(writer) == key_lines_by_page(ours)
    if "mau-trang" not in name and name not in UNCODED:  # the verification line is on every page, in the footer
        assert all("Mã tra cứu:" in text for text in writer)


@pytest.mark.parametrize("name", SAMPLE_STEMS)
def test_every_run_is_set_in_liberation_serif(converted, name):
    assert fonts_of((converted / "lo" / f"{name}.pdf").read_bytes()) == {"LiberationSerif"}
    assert fonts_of((converted / f"{name}.pdf").read_bytes()) == {"LiberationSerif"}


TEMPLATES = sorted(path.name for path in DOCX_TEMPLATES.glob("*.docx"))
WRITTEN_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_run_names_times_new_roman(name):
    with zipfile.ZipFile(DOCX_TEMPLATES / name) as docx:
        parts = {part: docx.read(part).decode("utf-8") for part in docx.namelist() if part.endswith(".xml")}
    runs = [run for part, xml in parts.items() if WRITTEN_PARTS.fullmatch(part)
            for run in re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml, flags=re.S)
            if "<w:t" in run and "{%" not in run]  # docxtpl drops the runs of its control tags
    assert runs
    for run in runs:
        slots = dict(re.findall(r'w:(ascii|hAnsi|eastAsia|cs)="([^"]*)"', run))
        assert slots == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"), run[:300]
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", parts["word/styles.xml"], flags=re.S).group(0)
    assert 'w:ascii="Times New Roman"' in defaults and "Theme" not in defaults
    assert 'w:name="Times New Roman"><w:altName w:val="Liberation Serif"/>' in parts["word/fontTable.xml"]
    assert "Liberation Serif" not in parts["word/document.xml"] + parts["word/styles.xml"]

