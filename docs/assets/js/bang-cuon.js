/* Sổ tay 213 — bảng cuộn ngang trên điện thoại dùng được bằng bàn phím.
 *
 * Material bọc mỗi bảng trong div.md-typeset__scrollwrap có thanh cuộn ngang. Trên màn hình 360 px, vùng cuộn đó
 * không nhận được tiêu điểm nên người dùng bàn phím không cuộn được (axe: scrollable-region-focusable). Ta cho mỗi vùng
 * cuộn tabindex="0", vai trò "region" và một tên đọc được.
 * Tệp riêng (không phải script nội tuyến), chạy sau bundle của Material, và mỗi khi Material nạp lại nội dung (document$).
 */
(function () {
  "use strict";
  function ganNhan() {
    var vung = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < vung.length; i++) {
      var el = vung[i];
      if (el.hasAttribute("tabindex")) continue;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "Bảng " + (i + 1) + " (vuốt ngang để xem hết)");
    }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ganNhan);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ganNhan);
  } else {
    ganNhan();
  }
})();
