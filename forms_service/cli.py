"""Command line: python -m forms_service <command>.

  init [--demo-if-empty]   create the instance folder (and the demo province if the store is empty)
  serve                    run under gunicorn on $HOST:$PORT (default 127.0.0.1:8000)
  demo-reset               put the demo province back to its starting state (training)
  create-user              create one account
  import-units FILE.csv    import units, with a report per row
  import-users FILE.csv    import accounts, with a report per row and their first passwords
  backup FILE.tar.gz       copy the whole store, consistently, while the service runs
  restore FILE.tar.gz      replace the store with a backup (stop the service first)
  samples DIR              write a filled sample of every document the service makes
  migrate                  bring the PostgreSQL schema at $SOTAY_DATABASE_URL up to date
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Callable

from .config import from_environment

# Journeys add their documents to `samples`: name -> function(directory) -> [written paths]
SAMPLE_WRITERS: dict[str, Callable[[Path], list[Path]]] = {}


def _repos():
    from .storage import open_store
    return open_store(from_environment()["DATA_DIR"])


def cmd_init(args) -> int:
    from .demo import load_demo
    repos = _repos()
    if args.demo_if_empty and repos.store.is_empty():
        load_demo(repos)
        print(f"Đã nạp tỉnh mẫu vào {repos.store.root}")
    else:
        print(f"Kho dữ liệu: {repos.store.root}")
    return 0


def cmd_serve(args) -> int:
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    print(f"Sổ tay 213: http://{host}:{port}/  (dịch vụ: http://{host}:{port}/dich-vu/)  Ctrl-C để dừng")
    os.execv(str(gunicorn), [str(gunicorn), *gunicorn_arguments(host, port, os.environ.get("WORKERS", "2"))])
    return 0


# As deploy/gunicorn.conf.py: a worker is replaced after about this many requests (the jitter
# spreads the restarts), so that a leak, should one ever creep in, cannot grow without end.
MAX_REQUESTS, MAX_REQUESTS_JITTER = 1000, 100


def gunicorn_arguments(host: str, port: str, workers: str) -> list[str]:
    return ["--workers", workers, "--bind", f"{host}:{port}", "--graceful-timeout", "5",
            "--timeout", "60",  # as deploy/gunicorn.conf.py: a ZIP of many comments takes a while
            "--max-requests", str(MAX_REQUESTS), "--max-requests-jitter", str(MAX_REQUESTS_JITTER),
            "--access-logfile", "-", "forms_service.wsgi:app"]


def cmd_demo_reset(args) -> int:
    from .demo import reset_demo
    from .storage import open_store
    repos = reset_demo(Path(from_environment()["DATA_DIR"]), open_store)
    print(f"Đã đưa dữ liệu mẫu về trạng thái ban đầu: {repos.store.root}")
    return 0


def cmd_create_user(args) -> int:
    from werkzeug.security import generate_password_hash
    from .domain.access import Role
    from .domain.accounts import MIN_PASSWORD_LENGTH, Account, account_problems
    repos = _repos()
    org = repos.units.structure()
    role = Role(args.role)
    problems = account_problems(args.username, role, args.unit, args.member,
                                unit_exists=lambda u: org.get(u) is not None,
                                member_exists=lambda m: repos.members.get(m) is not None)
    if repos.accounts.get(args.username):
        problems.append("tên đăng nhập đã có")
    password = args.password or getpass.getpass("Mật khẩu: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự")
    if problems:
        print("Không tạo được tài khoản: " + "; ".join(problems), file=sys.stderr)
        return 1
    repos.accounts.save(Account(args.username, args.name, role, generate_password_hash(password),
                                unit_id=args.unit, member_id=args.member))
    repos.audit.record("he-thong", "tao_tai_khoan", target=args.username)
    print(f"Đã tạo tài khoản {args.username}")
    return 0


def _report(results) -> int:
    for result in results:
        print(f"dòng {result.row}: {'ĐÃ NHẬP' if result.ok else 'BỎ QUA'} – {result.message}")
    bad = sum(not r.ok for r in results)
    print(f"Tổng: {len(results) - bad} dòng đã nhập, {bad} dòng bỏ qua.")
    return 1 if bad else 0


def cmd_import_units(args) -> int:
    from .importing import import_units
    try:
        return _report(import_units(_repos(), Path(args.file)))
    except ValueError as error:
        print(f"Không đọc được tệp: {error}", file=sys.stderr)
        return 2


def cmd_import_users(args) -> int:
    from .importing import import_accounts
    try:
        results, passwords = import_accounts(_repos(), Path(args.file))
    except ValueError as error:
        print(f"Không đọc được tệp: {error}", file=sys.stderr)
        return 2
    status = _report(results)
    for username, password in passwords.items():
        print(f"mật khẩu ban đầu  {username}: {password}")
    return status


def cmd_backup(args) -> int:
    from .storage.backup import backup
    print(f"Đã sao lưu vào {backup(Path(from_environment()['DATA_DIR']), Path(args.file))}")
    return 0


def cmd_restore(args) -> int:
    from .storage.backup import restore
    restore(Path(args.file), Path(from_environment()["DATA_DIR"]))
    print("Đã khôi phục dữ liệu từ bản sao lưu.")
    return 0


def cmd_samples(args) -> int:
    directory = Path(args.directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, writer in SAMPLE_WRITERS.items():
        for path in writer(directory):
            print(f"{name}: {path}")
    return 0


def cmd_migrate(args) -> int:
    from .storage.postgres.migrate import MIGRATIONS, MigrationError, migrate
    url = os.environ.get("SOTAY_DATABASE_URL", "")
    if not url:
        print("Chưa đặt SOTAY_DATABASE_URL (postgresql://…): không có cơ sở dữ liệu PostgreSQL nào để cập nhật. "
              "Kho dữ liệu nhúng (mặc định) không cần lệnh này.", file=sys.stderr)
        return 2
    try:
        applied = migrate(url, Path(args.migrations) if args.migrations else MIGRATIONS)
    except MigrationError as error:
        print(error, file=sys.stderr)
        return 1
    for migration in applied:
        print(f"Đã áp dụng {migration.name}")
    print(f"Lược đồ cơ sở dữ liệu đã cập nhật ({len(applied)} bản mới)." if applied
          else "Lược đồ cơ sở dữ liệu đã cập nhật sẵn; không có bản nào mới.")
    return 0


def main(argv: list[str] | None = None) -> int:
    from . import documents  # noqa: F401  (journeys register their sample writers on import)
    parser = argparse.ArgumentParser(prog="python -m forms_service", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init")
    init.add_argument("--demo-if-empty", action="store_true")
    init.set_defaults(run=cmd_init)
    sub.add_parser("serve").set_defaults(run=cmd_serve)
    sub.add_parser("demo-reset").set_defaults(run=cmd_demo_reset)
    user = sub.add_parser("create-user")
    user.add_argument("username")
    user.add_argument("--name", required=True)
    user.add_argument("--role", required=True, choices=["dang_vien", "bi_thu_chi_bo", "cap_uy_noi_cong_tac",
                                                         "dang_uy_xa_phuong", "quan_tri"])
    user.add_argument("--unit")
    user.add_argument("--member")
    user.add_argument("--password", help="nếu bỏ trống sẽ được hỏi")
    user.set_defaults(run=cmd_create_user)
    for name, run in (("import-units", cmd_import_units), ("import-users", cmd_import_users)):
        command = sub.add_parser(name)
        command.add_argument("file")
        command.set_defaults(run=run)
    for name, run in (("backup", cmd_backup), ("restore", cmd_restore)):
        command = sub.add_parser(name)
        command.add_argument("file")
        command.set_defaults(run=run)
    samples = sub.add_parser("samples")
    samples.add_argument("directory")
    samples.set_defaults(run=cmd_samples)
    migrate = sub.add_parser("migrate")
    migrate.add_argument("--migrations", metavar="DIR", help="thư mục các bản cập nhật (mặc định: bản đi kèm mã nguồn)")
    migrate.set_defaults(run=cmd_migrate)
    args = parser.parse_args(argv)
    return args.run(args)
