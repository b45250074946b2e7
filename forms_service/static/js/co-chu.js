/* Sổ tay 213 — "Cỡ chữ": Thường, Lớn, Rất lớn; dùng chung cho sổ tay và dịch vụ (hook ngoai_tuyen.py chép tệp này
 * vào bản dựng sổ tay). co-chu-dau.js đã đặt cỡ đã chọn lên <html> từ trong <head> (CSS hiện hàng nút khi thấy nó);
 * tệp này nối các nút và lưu lựa chọn mới
 * vào localStorage, nên lựa chọn theo người đọc qua mọi trang. Không có JavaScript: nút bị ẩn, chữ cỡ thường.
 */
(function () {
  "use strict";
  var coChu = window.soTayCoChu;
  if (!coChu) {
    return;  // phần đầu không chạy được: để cỡ thường, không hiện nút
  }

  function dat(co) {
    document.documentElement.setAttribute("data-co-chu", co);
    var nut = document.querySelectorAll("[data-chon-co-chu]");
    for (var i = 0; i < nut.length; i++) {
      nut[i].setAttribute("aria-pressed", String(nut[i].getAttribute("data-chon-co-chu") === co));
    }
  }

  function ganNut() {
    var nut = document.querySelectorAll("[data-chon-co-chu]");
    for (var j = 0; j < nut.length; j++) {
      nut[j].addEventListener("click", function (suKien) {
        var co = suKien.currentTarget.getAttribute("data-chon-co-chu");
        try {
          window.localStorage.setItem(coChu.khoa, co);
        } catch (loi) {
          /* không lưu được: cỡ chữ vẫn đổi trên trang này */
        }
        dat(co);
      });
    }
    dat(coChu.daChon);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ganNut);
  } else {
    ganNut();
  }
})();
