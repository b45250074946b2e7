"""Error pages in Vietnamese; no error reaches a person as a stack trace."""
from __future__ import annotations

import re

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError

from ..documents.render import RenderFailed
from ..storage import StoreError

PAGES = {
    400: ("Yêu cầu không hợp lệ", "Trang không hiểu được yêu cầu vừa gửi. Vui lòng quay lại và thử lại."),
    403: ("Đồng chí không có quyền xem trang này", "Trang này thuộc về người khác hoặc một đơn vị khác. Nếu đồng chí nghĩ mình cần xem, hãy liên hệ quản trị hệ thống."),
    404: ("Không tìm thấy trang", "Địa chỉ có thể bị gõ sai, hoặc trang đã được chuyển đi. Hãy kiểm tra lại địa chỉ."),
    405: ("Không thực hiện được thao tác", "Thao tác này không dùng được ở địa chỉ này. Vui lòng quay lại trang trước."),
    413: ("Nội dung gửi quá lớn", "Nội dung gửi lên vượt giới hạn cho phép. Vui lòng rút gọn và gửi lại."),
    500: ("Hệ thống gặp sự cố", "Đã có lỗi phía hệ thống. Thông tin đồng chí đã lưu trước đó không bị mất. Vui lòng thử lại sau ít phút."),
    503: ("Chưa lưu được thông tin", "Hệ thống tạm thời không đọc hoặc không ghi được dữ liệu (ổ đĩa đầy, máy chủ cơ sở dữ liệu không trả lời hoặc đang bận). Những gì đã lưu trước đó vẫn còn nguyên. Vui lòng thử lại sau ít phút hoặc báo quản trị hệ thống."),
}
# A printed copy that could not be made: the record behind it is saved and unchanged.
PRINT_FAILED = ("Chưa tạo được bản in", "Hệ thống chưa tạo được bản in của văn bản này. Thông tin đã lưu vẫn "
                "còn nguyên và việc xét duyệt không bị ảnh hưởng. Vui lòng thử tải lại sau ít phút; nếu vẫn "
                "không được, báo quản trị hệ thống.")
# A document in a final state whose kept copy is not made yet: it waits in the render queue.
PRINT_PREPARING = ("Bản in đang được chuẩn bị", "Văn bản đã được lưu đầy đủ; bản in của văn bản đang được chuẩn bị. "
                   "Vui lòng tải lại sau ít phút; nếu vẫn chưa có, báo quản trị hệ thống.")


# A form posted while the store could not be reached (the database server down): the page
# keeps what was typed, in a form that posts it again unchanged.
NOT_SAVED = ("Chưa lưu được vì hệ thống tạm thời không ghi được dữ liệu (máy chủ cơ sở dữ liệu không trả lời, "
             "ổ đĩa đầy hoặc đang bận). Những gì đồng chí đã nhập vẫn được giữ ở trang này.")
# Passwords (accounts.py's sign-in and change forms) are never written back into a page.
PASSWORD_FIELDS = {"password", "current", "new", "repeat"}
# Fields the page sent itself rather than the person typed: carried, not shown.
CARRIED_FIELDS = {"csrf_token", "token", "roster"}
# A value made only of these is a choice's key or a code (cong_tac, dv-001, 2026), not words a person wrote.
KEY_LIKE = re.compile(r"^[A-Za-z0-9_.:-]*$")


def render_not_saved():
    """The 503 page for a form that could not be saved: what the person wrote, and a button
    that posts the same fields again once the store is back."""
    fields = [(name, value) for name, values in request.form.lists() for value in values]
    resend = [(name, value) for name, value in fields if name not in PASSWORD_FIELDS]
    typed = [value for name, value in resend
             if name not in CARRIED_FIELDS and value.strip() and not KEY_LIKE.match(value)]
    kept_all = len(resend) == len(fields)
    return render_template("not_saved.html", text=NOT_SAVED, typed=typed, resend=resend if kept_all else [],
                           action=request.full_path.rstrip("?")), 503


def render_error(status: int, message: str | None = None, title: str | None = None):
    default_title, text = PAGES[status]
    return render_template("error.html", title=title or default_title, text=message or text, status=status), status


def init(app: Flask) -> None:
    for status in PAGES:
        app.register_error_handler(status, lambda error, status=status: render_error(status))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_error(400, "Biểu mẫu đã hết hạn hoặc không hợp lệ (mã bảo vệ biểu mẫu). "
                                 "Vui lòng tải lại trang, nhập lại và gửi lại.")

    @app.errorhandler(RenderFailed)
    def print_failed(error):
        app.logger.error("document render failed: %s", error)
        title, text = PRINT_FAILED
        return render_error(503, text, title)

    @app.errorhandler(StoreError)
    def store_failed(error):
        app.logger.error("store error: %s", error)
        # The page around the message asks who is signed in, which needs the store too: a
        # store that cannot be read shows the page as to someone not signed in.
        g.setdefault("account", None)
        if request.method == "POST" and request.form:
            return render_not_saved()
        return render_error(503)
