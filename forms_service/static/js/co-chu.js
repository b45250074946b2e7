/* Sổ tay 213 — "Cỡ chữ": Thường, Lớn, Rất lớn; dùng chung cho sổ tay và dịch vụ (hook ngoai_tuyen.py chép tệp này
 * vào bản dựng sổ tay). Nạp trong <head> để cỡ chữ đã chọn có ngay từ lúc vẽ trang đầu tiên (không nháy);
 * lựa chọn giữ trong localStorage nên theo người đọc qua mọi trang. Không có JavaScript: nút bị ẩn, chữ cỡ thường.
 */
(function () {
  "use strict";
  var KHOA = "so-tay-213-co-chu";
  var CO = ["thuong", "lon", "rat-lon"];
  var goc = document.documentElement;

  function doc() {
    try {
      var co = window.localStorage.getItem(KHOA);
      return CO.indexOf(co) >= 0 ? co : "thuong";
    } catch (loi) {
      return "thuong";  // trình duyệt chặn localStorage: cỡ thường
    }
  }

  function dat(co) {
    goc.setAttribute("data-co-chu", co);
    var nut = document.querySelectorAll("[data-chon-co-chu]");
    for (var i = 0; i < nut.length; i++) {
      nut[i].setAttribute("aria-pressed", String(nut[i].getAttribute("data-chon-co-chu") === co));
    }
  }

  function ganNut() {
    var hop = document.querySelectorAll(".co-chu");
    for (var i = 0; i < hop.length; i++) {
      hop[i].hidden = false;
    }
    var nut = document.querySelectorAll("[data-chon-co-chu]");
    for (var j = 0; j < nut.length; j++) {
      nut[j].addEventListener("click", function (suKien) {
        var co = suKien.currentTarget.getAttribute("data-chon-co-chu");
        try {
          window.localStorage.setItem(KHOA, co);
        } catch (loi) {
          /* không lưu được: cỡ chữ vẫn đổi trên trang này */
        }
        dat(co);
      });
    }
    dat(doc());
  }

  goc.setAttribute("data-co-chu", doc());
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ganNut);
  } else {
    ganNut();
  }
})();
