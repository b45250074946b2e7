"""Administrator commands run as a person would run them: python -m forms_service …"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from forms_service.domain.access import Role
from forms_service.storage import open_store


def run(data_dir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(data_dir.parent),
           "SOTAY_SECRET_KEY": "test", **(env or {})}
    return subprocess.run([sys.executable, "-m", "forms_service", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_import_units_reports_each_row_and_skips_bad_ones(data_dir, tmp_path):
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(
        "\ufeffma_don_vi,loai,ten,ma_cap_tren,dia_danh\n"
        "chi-bo-khom-3,chi_bo_cu_tru,Chi bộ Khóm 3,phuong-hoa-an-tay,Hòa An Tây\n"
        "chi-bo-lac,chi_bo_cu_tru,Chi bộ lạc,khong-co,\n"
        "huyen-cu,huyen,Huyện ủy cũ,tinh-dong-thap,\n"
        "chi-bo-sai-cap,chi_bo_cu_tru,Chi bộ sai cấp,tinh-dong-thap,\n", encoding="utf-8")
    result = run(data_dir, "import-units", str(csv_file))
    assert result.returncode == 1
    assert "dòng 2: ĐÃ NHẬP" in result.stdout
    assert "dòng 3: BỎ QUA – không tìm thấy đơn vị cấp trên “khong-co”" in result.stdout
    assert "dòng 4: BỎ QUA – loại đơn vị “huyen” không có" in result.stdout
    assert "dòng 5: BỎ QUA – Chi bộ nơi cư trú không thể trực thuộc đảng bộ tỉnh" in result.stdout
    org = open_store(data_dir).units.structure()
    assert org.get("chi-bo-khom-3").name == "Chi bộ Khóm 3"
    assert org.get("chi-bo-lac") is None and org.get("chi-bo-sai-cap") is None


def test_import_units_keeps_a_communes_former_province_for_the_local_practices(data_dir, tmp_path):
    csv_file = tmp_path / "don-vi.csv"
    csv_file.write_text(
        "ma_don_vi,loai,ten,ma_cap_tren,dia_danh,tien_than\n"
        "xa-tan-thanh,xa_phuong,Đảng ủy xã Tân Thạnh,tinh-dong-thap,Tân Thạnh,tien-giang-cu\n"
        "xa-khong-ro,xa_phuong,Đảng ủy xã Không Rõ,tinh-dong-thap,,tinh-la\n"
        "chi-bo-ap-1,chi_bo_cu_tru,Chi bộ Ấp 1,xa-tan-thanh,,dong-thap-cu\n", encoding="utf-8")
    result = run(data_dir, "import-units", str(csv_file))
    assert "dòng 2: ĐÃ NHẬP" in result.stdout
    assert "dòng 3: BỎ QUA – tiền thân “tinh-la” chỉ ghi cho đảng ủy xã, phường" in result.stdout
    assert "dòng 4: BỎ QUA – tiền thân “dong-thap-cu” chỉ ghi cho đảng ủy xã, phường" in result.stdout
    org = open_store(data_dir).units.structure()
    assert org.get("xa-tan-thanh").former_province == "tien-giang-cu" and org.get("xa-khong-ro") is None
    assert org.locality_of("xa-tan-thanh").former_province == "tien-giang-cu"


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
