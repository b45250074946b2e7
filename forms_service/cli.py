"""Command line: python -m forms_service <command>.

  init [--demo-if-empty]   create the store (a database: its schema) and the demo province if the store is empty
  serve                    run under gunicorn on $HOST:$PORT (default 127.0.0.1:8000), the worker beside it
  demo-reset               put the demo province back to its starting state (training); refuses a store of real data
  create-user              create one account
  import-units FILE.csv    import units, with a report per row
  import-users FILE.csv    import accounts, with a report per row and their first passwords
  backup FILE.tar          copy the whole store (folder, SQLite or PostgreSQL), consistently, while the service runs
  restore FILE.tar [--replace]  put a backup back into an empty store (--replace: over the data it holds)
  samples DIR              write a filled sample of every document the service makes
  migrate                  bring the schema of the database at $SOTAY_DATABASE_URL up to date (SQLite or PostgreSQL)
  check [--repair]         compare what the store derives (indexes, summaries, a database's columns) with the records
  copy-store --to URL|DIR [--merge]  copy the whole store into a database (SQLite, PostgreSQL) or a folder, and check it
  send-mail                send the mail whose time has come, once (the worker does it all the time)
  worker                   send the outbox and make the kept printed copies, until SIGTERM (serve starts it)
  send-reminders           keep the reminders due today, queue their mail, send the outbox (daily timer)
  render [--year Y] [--kind K]  make the kept printed copies still missing, on every core
  training-room --seats N [--password P] [--cards FILE.pdf] | --reset | --remove
                           a training room for new cell secretaries: make it (and print its seat cards),
                           put it back to its starting state, or remove it
"""
from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path
from typing import Callable

from .config import from_environment


DEMO_SAMPLE_CELL = "chi-bo-khom-1"


def _location() -> str:
    """The configured store: the database when SOTAY_DATABASE_URL is set (sqlite:///…, postgresql://…),
    else the data folder."""
    settings = from_environment()
    return settings["DATABASE_URL"] or settings["DATA_DIR"]


def _repos():
    """The configured store; a database whose schema is behind this code or of a newer code is
    refused (MigrationError, which main prints), as `serve` refuses it."""
    from .storage import is_database_url, open_store, require_current_schema
    location = _location()
    if is_database_url(location):
        require_current_schema(location)
    return open_store(location)


def cmd_init(args) -> int:
    from .demo import load_demo
    from .storage import is_database_url, migrate_database
    if is_database_url(_location()):
        migrate_database(_location())   # setting up a new database begins with its schema
    repos = _repos()
    if args.demo_if_empty and repos.is_empty():
        load_demo(repos)
        print(f"Đã nạp tỉnh mẫu vào {repos.location}")
    else:
        print(f"Kho dữ liệu: {repos.location}")
    return 0


def _print_check(result, repair: bool) -> None:
    for line in result.differences:
        print(f"Khác biệt: {line}")
    if not result.differences:
        print("Chỉ mục và số liệu tổng hợp khớp với dữ liệu gốc.")
    elif repair:
        print(f"Đã sửa {len(result.differences)} chỗ khác biệt.")
    else:
        print(f"Có {len(result.differences)} chỗ khác biệt; chạy lại với --repair để sửa.")
    if result.outgrown:
        print(result.outgrown)   # not a difference either: the store is whole, only too big for its kind
    if result.documents_missing:
        # not a difference: the records are whole, only their kept printed copies wait
        print(f"Còn {len(result.documents_missing)} văn bản chưa có bản in lưu sẵn: "
              + ", ".join(result.documents_missing))


def cmd_check(args) -> int:
    from .services.check import check_store
    result = check_store(_repos(), repair=args.repair)
    _print_check(result, args.repair)
    return 1 if result.differences and not args.repair else 0


def progress_printer(stream=sys.stdout) -> Callable[[int, int], None]:
    """A bar redrawn in place on a terminal; elsewhere (cron, a log) one Vietnamese line per 10 %."""
    printed = [0]

    def show(done: int, total: int) -> None:
        if stream.isatty():
            filled = 30 * done // total
            stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}" + ("\n" if done == total else ""))
            stream.flush()
            return
        tenth = 10 * done // total
        if tenth > printed[0] or done == total:
            printed[0] = tenth
            print(f"Đã tạo bản in {done}/{total} văn bản ({100 * done // total} %).", file=stream, flush=True)
    return show


def cmd_render(args) -> int:
    from .services.render_batch import render_missing
    settings = from_environment()
    kept, failed = render_missing(_repos(), settings["PUBLIC_URL"], args.year, args.kind, progress_printer())
    if not kept and not failed:
        print("Không còn văn bản nào thiếu bản in lưu sẵn.")
        return 0
    print(f"Đã tạo và lưu bản in của {kept} văn bản.")
    if failed:
        print(f"Chưa tạo được bản in của {len(failed)} văn bản (vẫn chờ trong hàng đợi): {', '.join(failed)}")
    return 1 if failed else 0


def _mail_settings():
    from .services.smtp import MailSettings
    return MailSettings.from_config(from_environment())


def cmd_send_mail(args) -> int:
    from .services.notify import deliver
    done, failed = deliver(_repos(), _mail_settings())
    print(f"Đã gửi {done} thư; {failed} thư chưa gửi được, sẽ gửi lại lần sau.")
    return 1 if failed else 0


def cmd_send_reminders(args) -> int:
    from .services.notify import send_reminders
    added, done, failed = send_reminders(_repos(), _mail_settings())
    print(f"Đã lập {len(added)} lời nhắc mới; đã gửi {done} thư; {failed} thư chưa gửi được, sẽ gửi lại lần sau.")
    return 1 if failed else 0


def cmd_worker(args) -> int:
    import logging

    from .worker import Worker
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    worker = Worker(_repos(), _mail_settings())
    worker.stop_on_signals()
    print("Bộ xử lý nền: gửi thư trong hộp thư đi và tạo bản in lưu sẵn; SIGTERM hoặc Ctrl-C để dừng.", flush=True)
    worker.run()
    return 0


def cmd_serve(args) -> int:
    from .storage import MigrationError, require_current_schema
    url = from_environment()["DATABASE_URL"]
    if url:
        try:
            require_current_schema(url)
        except MigrationError as error:
            print(error, file=sys.stderr)
            return 1
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    print(f"Sổ tay 213: http://{host}:{port}/  (dịch vụ: http://{host}:{port}/dich-vu/)  Ctrl-C để dừng", flush=True)
    return run_beside([str(gunicorn), *gunicorn_arguments(host, port, os.environ.get("WORKERS", "2"))],
                      [sys.executable, "-m", "forms_service", "worker"])


def run_beside(server: list[str], worker: list[str]) -> int:
    """The web server and the worker as two processes that start and stop together: SIGTERM or
    Ctrl-C stops both (the worker finishes the item in hand); if one ends, the other is stopped."""
    import signal
    import subprocess
    import time

    children = [subprocess.Popen(server), subprocess.Popen(worker)]
    stopping = []

    def stop(*_signal) -> None:
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.terminate()
    codes = [child.wait() for child in children]
    return 0 if stopping else max(codes, key=abs)


# As deploy/gunicorn.conf.py: a worker is replaced after about this many requests (the jitter
# spreads the restarts), so that a leak, should one ever creep in, cannot grow without end.
MAX_REQUESTS, MAX_REQUESTS_JITTER = 1000, 100


def gunicorn_arguments(host: str, port: str, workers: str) -> list[str]:
    return ["--workers", workers, "--bind", f"{host}:{port}", "--graceful-timeout", "5",
            "--timeout", "60",  # as deploy/gunicorn.conf.py: a ZIP of many comments takes a while
            "--max-requests", str(MAX_REQUESTS), "--max-requests-jitter", str(MAX_REQUESTS_JITTER),
            "--access-logfile", "-", "forms_service.wsgi:app"]


def cmd_demo_reset(args) -> int:
    from .services.demo import NotTheDemo, reset_demo
    try:
        repos = reset_demo(_location())
    except NotTheDemo as refusal:
        print(refusal, file=sys.stderr)
        return 2
    print(f"Đã đưa dữ liệu mẫu về trạng thái ban đầu: {repos.location}")
    repos.close()
    return 0


def cmd_create_user(args) -> int:
    from .domain.access import Role
    from .services.accounts import create_account
    password = args.password or getpass.getpass("Mật khẩu: ")
    problems = create_account(_repos(), "he-thong", args.username, args.name, Role(args.role), password,
                              unit_id=args.unit, member_id=args.member)
    if problems:
        print("Không tạo được tài khoản: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"Đã tạo tài khoản {args.username}")
    return 0


def _report(results) -> int:
    for result in results:
        print(f"dòng {result.row}: {'ĐÃ NHẬP' if result.ok else 'BỎ QUA'} – {result.message}")
    bad = sum(not r.ok for r in results)
    print(f"Tổng: {len(results) - bad} dòng đã nhập, {bad} dòng bỏ qua.")
    return 1 if bad else 0


def cmd_import_units(args) -> int:
    from .services.importing import import_units
    try:
        return _report(import_units(_repos(), Path(args.file)))
    except ValueError as error:
        print(f"Không đọc được tệp: {error}", file=sys.stderr)
        return 2


def cmd_import_users(args) -> int:
    from .services.importing import import_accounts
    try:
        results, passwords = import_accounts(_repos(), Path(args.file), first_password=lambda: secrets.token_urlsafe(9))
    except ValueError as error:
        print(f"Không đọc được tệp: {error}", file=sys.stderr)
        return 2
    status = _report(results)
    for username, password in passwords.items():
        print(f"mật khẩu ban đầu  {username}: {password}")
    return status


def cmd_backup(args) -> int:
    from .storage import backup
    location = _location()
    print(f"Đã sao lưu {_shown(location)} vào {backup(location, Path(args.file))}")
    return 0


def cmd_restore(args) -> int:
    from .storage import restore
    location = _location()
    made = restore(Path(args.file), location, replace=args.replace)
    print(f"Đã khôi phục {_shown(location)} từ bản sao lưu lúc {made['tao_luc']}.")
    return 0


def _shown(location: str) -> str:
    from .storage import shown
    return shown(location)


def cmd_samples(args) -> int:
    directory = Path(args.directory)
    directory.mkdir(parents=True, exist_ok=True)
    from .documents import printed_register, sample_writers
    writers = sample_writers() | {
        "so-theo-doi": lambda folder: printed_register.write_samples(folder, _demo_printed_register())}
    for name, writer in writers.items():
        for path in writer(directory):
            print(f"{name}: {path}")
    return 0


def _demo_printed_register():
    """The printed register of the demo's Chi bộ Khóm 1 this year, as the demo seeds it in a
    throw-away store: the printed sample shows what a cell's secretary downloads."""
    import tempfile

    from .domain import clock
    from .services.demo import load_demo
    from .services.attendance_register import printed_register
    from .storage import open_store

    with tempfile.TemporaryDirectory() as folder:
        repos = open_store(Path(folder) / "data")
        try:
            load_demo(repos)
            return printed_register(repos, DEMO_SAMPLE_CELL, clock.today().year)
        finally:
            repos.close()


def cmd_migrate(args) -> int:
    from .storage import MigrationError, migrate_database
    url = os.environ.get("SOTAY_DATABASE_URL", "")
    if not url:
        print("Chưa đặt SOTAY_DATABASE_URL (sqlite:///…/store.db hoặc postgresql://…): không có cơ sở dữ liệu nào "
              "để cập nhật. "
              "Kho dữ liệu nhúng (mặc định) không cần lệnh này.", file=sys.stderr)
        return 2
    try:
        applied = migrate_database(url, Path(args.migrations) if args.migrations else None)
    except MigrationError as error:
        print(error, file=sys.stderr)
        return 1
    for revision in applied:
        print(f"Đã áp dụng bản {revision}")
    print(f"Lược đồ cơ sở dữ liệu đã cập nhật ({len(applied)} bản mới)." if applied
          else "Lược đồ cơ sở dữ liệu đã cập nhật sẵn; không có bản nào mới.")
    return 0


def copy_progress(stream=sys.stdout):
    """A count redrawn in place on a terminal; elsewhere (a log) one line per collection copied,
    and one when the target is read back."""
    said_checking = [False]

    def show(stage: str, collection, done: int, finished: bool) -> None:
        copying = stage == "copying"
        if stream.isatty():
            doing = "Chép" if copying else "Đối chiếu"
            stream.write(f"\r{doing} {collection.label}: {done:,} bản ghi".replace(",", " ") + ("\n" if finished else ""))
            stream.flush()
        elif copying and finished:
            print(f"Đã chép {collection.label}: {done} bản ghi.", file=stream, flush=True)
        elif not copying and not said_checking[0]:
            said_checking[0] = True
            print("Đang đọc lại kho đích để đối chiếu từng mục…", file=stream, flush=True)
    return show


def cmd_copy_store(args) -> int:
    from .storage import CopyRefused, MigrationError, StoreError, copy_store
    try:
        compared = copy_store(_location(), args.to, merge=args.merge, progress=copy_progress())
    except (CopyRefused, MigrationError) as error:
        print(error, file=sys.stderr)
        return 2
    except StoreError as error:
        print(f"Việc chép dừng giữa chừng: {error}. Sửa lỗi rồi chạy lại lệnh với --merge.", file=sys.stderr)
        return 2
    width = max(len(row.collection.label) for row in compared)
    print(f"{'Mục':<{width}}  {'Số bản ghi':>10}  {'Mã kiểm tra SHA-256':<19}  Kết quả")
    for row in compared:
        count = (str(row.source.count) if row.source.count == row.target.count
                 else f"{row.source.count}→{row.target.count}")
        checksum = row.source.checksum[:16] if row.matches else f"{row.source.checksum[:7]}≠{row.target.checksum[:7]}"
        print(f"{row.collection.label:<{width}}  {count:>10}  {checksum:<19}  {'khớp' if row.matches else 'KHÔNG khớp'}")
    wrong = [row for row in compared if not row.matches]
    if wrong:
        print(f"{len(wrong)} mục KHÔNG khớp giữa kho nguồn và kho đích: chưa nên chuyển sang kho đích.")
        return 1
    print("Đã chép xong và kiểm tra: mọi mục đều khớp giữa kho nguồn và kho đích.")
    return 0


def cmd_training_room(args) -> int:
    import time

    from .services import training_room
    repos = _repos()
    started = time.perf_counter()
    try:
        if args.reset:
            seats = training_room.reset(repos, "dong-lenh")
            print(f"Đã đưa phòng tập ({seats} chỗ ngồi) về lúc bắt đầu trong {time.perf_counter() - started:.1f} giây; "
                  "người đang đăng nhập sẽ được báo và đăng nhập lại.")
        elif args.remove:
            removed = training_room.remove(repos, "dong-lenh")
            print(f"Đã xóa phòng tập ({sum(removed.values())} mục). Dữ liệu ngoài phòng tập không đổi.")
        elif args.seats is None:
            print("Hãy cho biết số chỗ ngồi (--seats 20), hoặc --reset, hoặc --remove.", file=sys.stderr)
            return 2
        else:
            password = training_room.make(repos, "dong-lenh", args.seats, args.password)
            cards = Path(args.cards)
            cards.write_bytes(training_room.seat_cards(repos, from_environment()["PUBLIC_URL"] + "/dich-vu/", password))
            print(f"Đã tạo phòng tập {args.seats} chỗ ngồi (tài khoản hv01-bithu … hv{args.seats:02d}-mattran).")
            print(f"Mật khẩu của lớp: {password}")
            print(f"Thẻ chỗ ngồi (PDF, mỗi chỗ một trang A5): {cards}")
    except training_room.TrainingRoomError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
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
                                                         "dang_uy_xa_phuong", "ban_cong_tac_mat_tran", "quan_tri"],
                      help="ban_cong_tac_mat_tran: --unit is the residence cell of its area")
    user.add_argument("--unit")
    user.add_argument("--member")
    user.add_argument("--password", help="nếu bỏ trống sẽ được hỏi")
    user.set_defaults(run=cmd_create_user)
    for name, run in (("import-units", cmd_import_units), ("import-users", cmd_import_users)):
        command = sub.add_parser(name)
        command.add_argument("file")
        command.set_defaults(run=run)
    backup = sub.add_parser("backup")
    backup.add_argument("file")
    backup.set_defaults(run=cmd_backup)
    restore = sub.add_parser("restore")
    restore.add_argument("file")
    restore.add_argument("--replace", action="store_true", help="thay toàn bộ dữ liệu đang có bằng bản sao lưu")
    restore.set_defaults(run=cmd_restore)
    samples = sub.add_parser("samples")
    samples.add_argument("directory")
    samples.set_defaults(run=cmd_samples)
    migrate = sub.add_parser("migrate")
    migrate.add_argument("--migrations", metavar="DIR", help="thư mục các bản cập nhật (mặc định: bản đi kèm mã nguồn)")
    migrate.set_defaults(run=cmd_migrate)
    room = sub.add_parser("training-room", help="phòng tập huấn cho bí thư chi bộ mới")
    action = room.add_mutually_exclusive_group()
    action.add_argument("--seats", type=int)
    action.add_argument("--reset", action="store_true")
    action.add_argument("--remove", action="store_true")
    room.add_argument("--password")
    room.add_argument("--cards", default="the-cho-ngoi.pdf")
    room.set_defaults(run=cmd_training_room)
    sub.add_parser("send-mail").set_defaults(run=cmd_send_mail)
    sub.add_parser("send-reminders").set_defaults(run=cmd_send_reminders)
    sub.add_parser("worker").set_defaults(run=cmd_worker)
    render = sub.add_parser("render")
    render.add_argument("--year", type=int, help="chỉ văn bản của năm này (mặc định: hàng đợi và năm nay)")
    render.add_argument("--kind", choices=["don-xin-vang", "phieu-nhan-xet", "gioi-thieu"], help="chỉ một loại văn bản")
    render.set_defaults(run=cmd_render)
    check = sub.add_parser("check")
    check.add_argument("--repair", action="store_true", help="sửa những chỗ khác biệt")
    check.set_defaults(run=cmd_check)
    copy = sub.add_parser("copy-store", help="chép toàn bộ kho dữ liệu sang kho khác và kiểm tra")
    copy.add_argument("--to", required=True, metavar="sqlite:///…|postgresql://…|THƯ_MỤC", help="kho đích")
    copy.add_argument("--merge", action="store_true",
                      help="kho đích đã có dữ liệu: thay bản ghi trùng khóa, thêm bản ghi còn thiếu")
    copy.set_defaults(run=cmd_copy_store)
    args = parser.parse_args(argv)
    from .storage import MigrationError, StoreError
    try:
        return args.run(args)
    except (StoreError, MigrationError) as error:   # the store is missing, locked, full or of another schema
        print(error, file=sys.stderr)
        return 2
