/* Sổ tay 213 — "Cỡ chữ", phần chạy ngay trong <head>: đặt cỡ đã chọn lên <html> trước khi trang được vẽ, để chữ
 * không nhảy cỡ sau khi hiện. Sổ tay chèn nguyên tệp này vào <head> (docs/hooks/ngoai_tuyen.py, một script nội tuyến
 * được CSP cho phép theo băm: không tốn thêm một lượt tải); dịch vụ nạp nó như tệp ngoài (CSP của dịch vụ không cho
 * script nội tuyến). Nút chọn cỡ ở co-chu.js (nạp sau). */
(function () {
  "use strict";
  var coChu = window.soTayCoChu = { khoa: "so-tay-213-co-chu", co: ["thuong", "lon", "rat-lon"], daChon: "thuong" };
  try {
    var daLuu = window.localStorage.getItem(coChu.khoa);
    if (coChu.co.indexOf(daLuu) >= 0) {
      coChu.daChon = daLuu;
    }
  } catch (loi) {
    /* trình duyệt chặn localStorage: cỡ thường */
  }
  document.documentElement.setAttribute("data-co-chu", coChu.daChon);
})();
