/* Sổ tay 213 — hộp "Gửi cho chi bộ": nút "Sao chép" và "Gửi qua ứng dụng…" (Web Share, nếu điện thoại có).
 * Dùng chung cho sổ tay và dịch vụ. Không có JavaScript: ô chữ vẫn hiện, người dùng tự chọn và sao chép.
 * Trong sổ tay, địa chỉ trong ô là đường dẫn tương đối lúc dựng (sổ tay không biết tên miền): đổi thành địa chỉ đầy đủ.
 */
(function () {
  "use strict";

  function baoTin(hop, loi) {
    var tin = hop.querySelector(".chia-se__tin");
    if (tin) {
      tin.textContent = loi;
    }
  }

  function saoChep(o, hop) {
    o.focus();
    o.select();
    var xong = function () { baoTin(hop, "Đã sao chép. Mở nhóm Zalo hoặc tin nhắn rồi dán vào."); };
    var thuCach2 = function () {
      var duoc = false;
      try {
        duoc = document.execCommand("copy");
      } catch (loi) {
        duoc = false;
      }
      if (duoc) {
        xong();
      } else {
        baoTin(hop, "Chưa sao chép được. Chữ trong ô đã được chọn: bấm giữ rồi chọn “Sao chép”.");
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(o.value).then(xong, thuCach2);
    } else {
      thuCach2();
    }
  }

  function gan() {
    var hopChiaSe = document.querySelectorAll(".chia-se");
    for (var i = 0; i < hopChiaSe.length; i++) {
      (function (hop) {
        var o = hop.querySelector("textarea");
        var duongDan = o.getAttribute("data-duong-dan");
        if (duongDan && duongDan.charAt(0) === "/") {
          o.value = o.value.split(duongDan).join(window.location.origin + duongDan);
        }
        var nutChep = hop.querySelector("[data-sao-chep]");
        nutChep.hidden = false;
        nutChep.addEventListener("click", function () { saoChep(o, hop); });
        var nutGui = hop.querySelector("[data-gui]");
        if (nutGui && navigator.share) {
          nutGui.hidden = false;
          nutGui.addEventListener("click", function () {
            navigator.share({ text: o.value }).catch(function () { /* người dùng bỏ ngang: không sao */ });
          });
        }
      })(hopChiaSe[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", gan);
  } else {
    gan();
  }
})();
