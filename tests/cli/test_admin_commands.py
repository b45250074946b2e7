"""Administrator commands run as a person would run them: python -m forms_service …"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forms_service.domain.access import Role
from forms_service.storage import open_store


def run(data_dir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(data_dir.parent),
           "SOTAY_SECRET_KEY": "test", **(env or {})}
    return subprocess.run([sys.executable, "-m", "forms_service", *args], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("csv_text, reported, imported, skipped", [
    pytest.param(  # a bad row is skipped with its reason, the good ones are imported (a BOM from Excel is fine)
        "\ufeffma_don_vi,loai,ten,ma_cap_tren,dia_danh\n"
        "chi-bo-khom-3,chi_bo_cu_tru,Chi bộ Khóm 3,phuong-hoa-an-tay,Hòa An Tây\n"
        "chi-bo-lac,chi_bo_cu_tru,Chi bộ lạc,khong-co,\n"
        "huyen-cu,huyen,Huyện ủy cũ,tinh-dong-thap,\n"
        "chi-bo-sai-cap,chi_bo_cu_tru,Chi bộ sai cấp,tinh-dong-thap,\n",
        ["dòng 2: ĐÃ NHẬP", "dòng 3: BỎ QUA – không tìm thấy đơn vị cấp trên “khong-co”",
         "dòng 4: BỎ QUA – loại đơn vị “huyen” không có",
         "dòng 5: BỎ QUA – Chi bộ nơi cư trú không thể trực thuộc đảng bộ tỉnh"],
        {"chi-bo-khom-3": {"name": "Chi bộ Khóm 3"}}, ["chi-bo-lac", "chi-bo-sai-cap"],
        id="each-row-reported"),
    pytest.param(  # a commune's former province, which the local practices read; only a commune has one
        "ma_don_vi,loai,ten,ma_cap_tren,dia_danh,tien_than\n"
        "xa-tan-thanh,xa_phuong,Đảng ủy xã Tân Thạnh,tinh-dong-thap,Tân Thạnh,tien-giang-cu\n"
        "xa-khong-ro,xa_phuong,Đảng ủy xã Không Rõ,tinh-dong-thap,,tinh-la\n"
        "chi-bo-ap-1,chi_bo_cu_tru,Chi bộ Ấp 1,xa-tan-thanh,,dong-thap-cu\n",
        ["dòng 2: ĐÃ NHẬP", "dòng 3: BỎ QUA – tiền thân “tinh-la” chỉ ghi cho đảng ủy xã, phường",
         "dòng 4: BỎ QUA – tiền thân “dong-thap-cu” chỉ ghi cho đảng ủy xã, phường"],
        {"xa-tan-thanh": {"former_province": "tien-giang-cu"}}, ["xa-khong-ro", "chi-bo-ap-1"],
        id="former-province"),
])
def test_import_units(data_dir, tmp_path, csv_text, reported, imported, skipped):
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(csv_text, encoding="utf-8")
    result = run(data_dir, "import-units", str(csv_file))
    assert result.returncode == 1   # some rows were skipped
    assert [line for line in reported if line not in result.stdout] == []
    org = open_store(data_dir).units.structure()
    assert {unit_id: {name: getattr(org.get(unit_id), name, None) for name in values}
            for unit_id, values in imported.items()} == imported
    assert [unit_id for unit_id in skipped if org.get(unit_id) is not None] == []


def test_import_users_gives_first_passwords(data_dir, tmp_path):
    csv_file = tmp_path / "tai-khoan.csv"
    csv_file.write_text(
        "ten_dang_nhap,ho_ten,vai_tro,ma_don_vi,ma_dang_vien,email\n"
        "bithu.khom2b,Phó bí thư Khóm 2,bi_thu_chi_bo,chi-bo-khom-2,,\n"
        "dangvien,Trùng tên,dang_vien,,dv-002,\n"
        "dv.khongco,Không có,dang_vien,,dv-999,\n", encoding="utf-8")
    result = run(data_dir, "import-users", str(csv_file))
    assert "dòng 2: ĐÃ NHẬP" in result.stdout
    assert "tên đăng nhập “dangvien” đã có" in result.stdout
    assert "phải gắn với một đảng viên có trong danh sách" in result.stdout
    assert "mật khẩu ban đầu  bithu.khom2b:" in result.stdout
    account = open_store(data_dir).accounts.get("bithu.khom2b")
    assert account.role == Role.CELL_SECRETARY and account.unit_id == "chi-bo-khom-2"


def test_create_user_and_refusal(data_dir):
    ok = run(data_dir, "create-user", "capuy.moi", "--name", "Cán bộ mới", "--role", "cap_uy_noi_cong_tac",
             "--unit", "dang-uy-so-giao-duc", "--password", "mot-mat-khau-dai")
    assert ok.returncode == 0, ok.stderr
    bad = run(data_dir, "create-user", "capuy.sai", "--name", "Sai", "--role", "cap_uy_noi_cong_tac",
              "--unit", "khong-co", "--password", "ngan")
    assert bad.returncode == 1
    assert "phải gắn với một đơn vị" in bad.stderr and "ít nhất 10 ký tự" in bad.stderr
