/* Sổ tay 213 — đăng ký service worker (/sw.js) để đọc sổ tay khi mất sóng.
 * Trình duyệt không có service worker, hoặc cài không được (máy đầy bộ nhớ…): không đổi gì, trang vẫn đọc qua mạng.
 * Khi một bản dựng mới vừa được cài xong mà trang đang mở là của bản cũ: nạp lại trang một lần, để người đọc không
 * thấy trang của bản cũ đi với chỉ mục tìm kiếm hay trang kế tiếp của bản mới.
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  var dangCoBanCu = Boolean(navigator.serviceWorker.controller);
  var daNapLai = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (dangCoBanCu && !daNapLai) {
      daNapLai = true;
      window.location.reload();
    }
    dangCoBanCu = true;
  });
  function dangKy() {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* cài không được: sổ tay vẫn đọc qua mạng như khi chưa có service worker */
    });
  }
  // Sau khi trang đã nạp xong và máy rảnh: việc tải cả cuốn sổ tay về máy không tranh với trang đang đọc.
  function khiRanh() {
    if ("requestIdleCallback" in window) {
      window.requestIdleCallback(dangKy, { timeout: 5000 });
    } else {
      window.setTimeout(dangKy, 2000);
    }
  }
  if (document.readyState === "complete") {
    khiRanh();
  } else {
    window.addEventListener("load", khiRanh);
  }
})();
