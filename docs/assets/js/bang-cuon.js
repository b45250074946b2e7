/* Sổ tay 213 — bảng cuộn ngang dùng được bằng bàn phím.
 *
 * Material bọc mỗi bảng trong div.md-typeset__scrollwrap có thanh cuộn ngang. Khi bảng rộng hơn màn hình, vùng cuộn
 * đó phải nhận được tiêu điểm để người dùng bàn phím cuộn được (axe: scrollable-region-focusable): ta cho nó
 * tabindex="0", vai trò "region" và một tên đọc được. Trên điện thoại, bảng đã được xếp thành thẻ (so-tay.css) nên
 * thường không còn cuộn; khi đó bỏ các thuộc tính này để không tạo điểm dừng thừa. Xét lại khi đổi cỡ màn hình.
 * Tệp riêng (không phải script nội tuyến), chạy sau bundle của Material và mỗi khi Material nạp lại nội dung (document$).
 */
(function () {
  "use strict";
  function ganNhan() {
    var vung = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < vung.length; i++) {
      var el = vung[i];
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", "Bảng " + (i + 1) + " (cuộn ngang để xem hết)");
      } else {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
    }
  }
  var cho = null;
  window.addEventListener("resize", function () {
    clearTimeout(cho);
    cho = setTimeout(ganNhan, 150);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ganNhan);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ganNhan);
  } else {
    ganNhan();
  }
})();
