"""Onboarding from a spreadsheet on the web: every fault refused with a Vietnamese reason and
nothing saved; preview, then confirm; the same file twice changes nothing."""
from __future__ import annotations

import html
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from tests.document_text import pdf_text

UPLOAD = "/dich-vu/nhap-danh-sach/"
HEADER = ["ma_dang_vien", "ho_ten", "gioi_tinh", "ngay_sinh", "ngay_vao_dang", "ma_noi_cong_tac",
          "chi_bo_noi_cong_tac", "chuc_vu", "ma_chi_bo_cu_tru", "dia_chi", "dien_thoai", "email", "ten_dang_nhap"]


def member_row(number: int, cell: str = "chi-bo-khom-1", username: str | None = None) -> list[str]:
    return [f"dv-moi-{number}", f"Trần Thị Mới {number}", "Nữ", "05/03/1985", "19/05/2010", "dang-uy-so-giao-duc",
            "Chi bộ Phòng Tổ chức cán bộ", "Chuyên viên", cell, "Khóm 1", "", "", username or f"moi.{number}"]


def xlsx(rows: list[list], header=HEADER) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], header=HEADER, bom=True) -> bytes:
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def upload(client, content: bytes, name: str, kind: str = "dang-vien"):
    return client.post(UPLOAD, data={"kind": kind, "upload": (io.BytesIO(content), name),
                                     "csrf_token": client.csrf_token(UPLOAD)}, content_type="multipart/form-data")


def confirm(client, preview):
    page = preview.get_data(as_text=True)
    fields = dict(re.findall(r'name="(kind|file_name|content|signature|csrf_token)"[^>]*value="([^"]*)"', page))
    fields = {k: html.unescape(v) for k, v in fields.items()}
    assert "signature" in fields, "no confirmation form on the preview"
    return client.post("/dich-vu/nhap-danh-sach/xac-nhan", data=fields)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stored(repos) -> tuple:
    return (len(repos.accounts.all()), len(repos.members.of_workplace("dang-uy-so-giao-duc")),
            len(repos.units.structure().units))


def test_preview_saves_nothing_then_confirm_saves_and_the_same_file_again_changes_nothing(client, repos):
    client.sign_in("quantri")
    before = stored(repos)
    content = xlsx([member_row(1), member_row(2)])
    preview = upload(client, content, "danh-sach.xlsx")
    assert preview.status_code == 200
    assert "Sẽ thêm mới" in text(preview) and "Trần Thị Mới 1" in text(preview)
    assert stored(repos) == before, "a preview saved something"
    done = confirm(client, preview)
    assert done.status_code == 200 and "Đã lưu 2 dòng mới" in text(done)
    assert "moi.1" in text(done) and "moi.2" in text(done)   # the accounts created, for their slips
    account = repos.accounts.get("moi.1")
    assert account.member_id == "dv-moi-1" and account.password_hash == ""   # no password: a code on paper
    assert repos.members.get("dv-moi-2").residence_cell_id == "chi-bo-khom-1"
    assert "tao_tai_khoan" in {e["action"] for e in repos.audit.entries(target="moi.1")}
    after = stored(repos)
    again = upload(client, content, "danh-sach.xlsx")
    assert text(again).count("đã có, không đổi") == 2 and "Xác nhận" not in text(again)
    assert stored(repos) == after


def test_the_slips_of_exactly_the_accounts_just_created_print_from_the_confirmation(client, repos):
    client.sign_in("xaphuong")   # the commune's committee imports, then prints at once
    done = confirm(client, upload(client, xlsx([member_row(11), member_row(12)]), "hai-nguoi.xlsx"))
    page = done.get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page[page.index("tai-khoan-vua-tao"):],
                     re.S)
    assert form and "In phiếu mã đăng nhập" in form.group(2), "no slips button under the accounts just created"
    fields = re.findall(r'name="(who|csrf_token)" value="([^"]*)"', form.group(2))
    assert sorted(v for k, v in fields if k == "who") == ["moi.11", "moi.12"]
    slips = client.post(html.unescape(form.group(1)), data={
        "who": [v for k, v in fields if k == "who"], "csrf_token": dict(fields)["csrf_token"]})
    assert slips.status_code == 200 and slips.mimetype == "application/pdf"
    printed = pdf_text(slips.get_data())
    assert "moi.11" in printed and "moi.12" in printed
    assert len(re.findall(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b", printed)) == 2   # one code each, nobody else's
    assert {repos.accounts.get(u).code_hash != "" for u in ("moi.11", "moi.12")} == {True}


def test_a_csv_as_excel_writes_it_with_or_without_bom(client, repos):
    client.sign_in("quantri")
    for bom, number in ((True, 3), (False, 4)):
        preview = upload(client, csv_bytes([member_row(number)], bom=bom), "danh-sach.csv")
        assert "Sẽ thêm mới" in text(preview), text(preview)
        confirm(client, preview)
        assert repos.members.get(f"dv-moi-{number}").full_name == f"Trần Thị Mới {number}"


@pytest.mark.parametrize("content, name, reason", [
    (xlsx([member_row(1)], header=["ho_ten", "email"]), "sai-cot.xlsx", "Tệp thiếu cột: ma_dang_vien"),
    (b"", "trong.csv", "Tệp trống"),
    (csv_bytes([]), "chi-tieu-de.csv", "chỉ có dòng tiêu đề"),
    (b"PK\x03\x04 not really a workbook", "hong.xlsx", "tệp bị hỏng"),
    (xlsx([member_row(1)]), "co-macro.xlsm", "có macro"),
    ("ma_dang_vien,ho_ten\ndv-1,Lê Văn Tám\n".encode("cp1258"), "khong-utf8.csv", "không ở dạng UTF-8"),
    (b"%PDF-1.4", "don.pdf", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV"),
])
def test_a_file_that_cannot_be_read_is_refused_at_the_field(client, repos, content, name, reason):
    client.sign_in("quantri")
    before = stored(repos)
    response = upload(client, content, name)
    assert response.status_code == 200 and reason in text(response)
    assert 'class="error-summary"' in text(response) and 'id="upload-error"' in text(response)
    assert stored(repos) == before


def test_a_workbook_carrying_macros_under_an_xlsx_name_is_refused(client, repos):
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([member_row(1)]))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00macro")
    client.sign_in("quantri")
    assert "có macro" in text(upload(client, out.getvalue(), "gia-xlsx.xlsx"))


def test_a_50_mb_file_is_refused_before_it_is_read(client, repos):
    client.sign_in("quantri")
    before = stored(repos)
    response = upload(client, b"a" * (50 * 1024 * 1024), "to.csv")
    assert response.status_code == 413 and "Nội dung gửi quá lớn" in text(response)
    assert stored(repos) == before


def test_a_file_over_1_mb_is_refused_at_the_field(client, repos):
    client.sign_in("quantri")
    before = stored(repos)
    big = csv_bytes([member_row(n) for n in range(1, 9000)])
    assert 1024 * 1024 < len(big) < 2 * 1024 * 1024
    assert "Tệp lớn hơn 1 MB" in text(upload(client, big, "lon.csv"))
    assert stored(repos) == before


def test_more_rows_than_one_request_saves_are_refused_for_the_file(client, repos):
    client.sign_in("quantri")
    page = text(upload(client, csv_bytes([member_row(n) for n in range(1, 1002)]), "nhieu.csv"))
    assert "Tệp có 1001 dòng; mỗi lần nhập tối đa 1000 dòng" in page


def test_each_bad_row_says_why_and_nothing_is_saved(client, repos):
    client.sign_in("quantri")
    before = stored(repos)
    rows = [member_row(1), member_row(2, username="moi.1"), member_row(3, username="dangvien"),
            member_row(4, cell="chi-bo-khong-co"), member_row(5)[:3] + ["31/02/1985"] + member_row(5)[4:]]
    response = upload(client, xlsx(rows), "co-loi.xlsx")
    page = text(response)
    assert "tên đăng nhập “moi.1” lặp lại ở dòng trên" in page
    assert "tên đăng nhập “dangvien” đã có" in page
    assert "không có chi bộ nơi cư trú mã “chi-bo-khong-co”" in page
    assert "ngày sinh “31/02/1985” không đúng dạng" in page
    assert "Có 4 dòng cần sửa" in page and "Xác nhận" not in page
    assert stored(repos) == before


def test_an_officer_onboards_only_within_reach(client, repos):
    client.sign_in("xaphuong")   # the committee of Hòa An Tây: Khóm 1 and Khóm 2
    other_commune = member_row(6, cell="chi-bo-ap-tan-hoa")
    page = text(upload(client, xlsx([member_row(5), other_commune]), "xa.xlsx"))
    assert "chi bộ nơi cư trú này không thuộc xã, phường của đồng chí" in page
    accounts = "ten_dang_nhap,ho_ten,vai_tro,ma_don_vi,ma_dang_vien,email\n" \
               "qt.moi,Quản trị mới,quan_tri,,,\nbithu.k2b,Phó bí thư Khóm 2,bi_thu_chi_bo,chi-bo-khom-2,,\n"
    page = text(upload(client, accounts.encode(), "tai-khoan.csv", kind="tai-khoan"))
    assert "vai trò này vượt quá quyền của đồng chí" in page
    assert repos.accounts.get("qt.moi") is None and repos.accounts.get("bithu.k2b") is None


def test_a_workplace_committee_imports_its_members_only_and_no_units(client, repos):
    client.sign_in("capuy2")   # the hospital's committee
    page = text(upload(client, xlsx([member_row(7)]), "bv.xlsx"))
    assert "không thuộc tổ chức đảng nơi công tác của đồng chí" in page
    units = "ma_don_vi,loai,ten,ma_cap_tren,dia_danh\nchi-bo-x,chi_bo_cu_tru,Chi bộ X,phuong-hoa-an-tay,\n"
    response = upload(client, units.encode(), "don-vi.csv", kind="don-vi")
    assert response.status_code == 200 and "Not a valid choice" not in text(response)
    assert repos.units.structure().get("chi-bo-x") is None


def test_units_from_a_file_a_unit_that_does_not_exist_is_named(client, repos):
    client.sign_in("quantri")
    units = ("ma_don_vi,loai,ten,ma_cap_tren,dia_danh\n"
             "chi-bo-khom-9,chi_bo_cu_tru,Chi bộ Khóm 9,phuong-hoa-an-tay,Hòa An Tây\n"
             "chi-bo-lac,chi_bo_cu_tru,Chi bộ lạc,xa-khong-co,\n")
    page = text(upload(client, units.encode(), "don-vi.csv", kind="don-vi"))
    assert "không tìm thấy đơn vị cấp trên “xa-khong-co”" in page
    fixed = upload(client, units.splitlines(True)[0].encode() + units.splitlines(True)[1].encode(), "don-vi.csv",
                   kind="don-vi")
    confirm(client, fixed)
    assert repos.units.structure().get("chi-bo-khom-9").name == "Chi bộ Khóm 9"


def test_a_confirmation_with_a_changed_file_is_refused(client, repos):
    client.sign_in("quantri")
    preview = upload(client, xlsx([member_row(8)]), "a.xlsx")
    page = preview.get_data(as_text=True)
    forged = page.replace(re.search(r'name="content"[^>]*value="([^"]*)"', page).group(1),
                          __import__("base64").b64encode(xlsx([member_row(9)])).decode())
    preview.set_data(forged)
    response = confirm(client, preview)
    assert response.status_code == 400 and "Không nhận ra tệp đã xem trước" in text(response)
    assert repos.members.get("dv-moi-9") is None and repos.members.get("dv-moi-8") is None


def test_the_templates_explain_their_columns(client):
    client.sign_in("xaphuong")
    page = client.get(UPLOAD).get_data(as_text=True)
    assert "/dich-vu/nhap-danh-sach/mau/dang-vien.xlsx" in page
    workbook = load_workbook(io.BytesIO(client.get("/dich-vu/nhap-danh-sach/mau/dang-vien.xlsx").data))
    assert [c.value for c in workbook["Danh sách"][1]] == HEADER
    guide = {row[0]: row[2] for row in workbook["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert "ngày/tháng/năm" in guide["ngay_sinh"]
    csv_template = client.get("/dich-vu/nhap-danh-sach/mau/dang-vien.csv").data
    assert csv_template.startswith("\ufeff".encode()) and csv_template.decode("utf-8-sig").startswith(",".join(HEADER))
    assert client.get("/dich-vu/nhap-danh-sach/mau/don-vi.xlsx").status_code == 200
