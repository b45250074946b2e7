/* Sổ tay 213 — service worker (phần đầu tệp: PHIEN_BAN, DANH_SACH… do docs/hooks/ngoai_tuyen.py ghi khi dựng).
 *
 * - Cài đặt: tải TOÀN BỘ danh sách vào một bộ nhớ đệm mang tên phiên bản; thiếu một tệp (mất sóng, máy đầy bộ nhớ)
 *   thì bỏ bộ đang tải dở và coi như chưa cài: người đọc vẫn dùng sổ tay qua mạng như trước.
 * - Chạy: xóa các bộ của phiên bản cũ. Trang sổ tay lấy từ bộ của đúng phiên bản này, nên không bao giờ lẫn trang của
 *   hai bản dựng (trang đang mở của bản cũ tự nạp lại: ngoai-tuyen.js).
 * - Dịch vụ (/dich-vu/): không giữ gì ngoài mẫu trắng, trang "Cần có mạng" và tệp tĩnh của nó, mọi thứ đều tải
 *   không kèm cookie. Trang khác của dịch vụ đi thẳng ra mạng, không lưu; mở khi mất sóng thì hiện "Cần có mạng".
 */
"use strict";

const GIU_TREN_MAY = new Set(DANH_SACH.concat(MAU_TRANG, [TRANG_NGOAI_TUYEN]));

function yeuCau(duongDan) {
  return new Request(duongDan, { credentials: "omit", cache: "reload", redirect: "follow" });
}

self.addEventListener("install", function (suKien) {
  suKien.waitUntil((async function () {
    const boNho = await caches.open(PHIEN_BAN);
    try {
      // trước hết những tệp của dịch vụ (nhỏ, và là thứ hay thiếu nhất: dịch vụ đang bảo trì…), để khi thiếu thì
      // thôi ngay, không tải cả cuốn sổ tay về rồi mới bỏ
      await boNho.addAll([TRANG_NGOAI_TUYEN].concat(MAU_TRANG).map(yeuCau));
      await boNho.addAll(DANH_SACH.map(yeuCau));
    } catch (loi) {
      await caches.delete(PHIEN_BAN);
      throw loi;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (suKien) {
  suKien.waitUntil((async function () {
    const ten = await caches.keys();
    await Promise.all(ten.filter(function (t) { return t.startsWith("so-tay-213-") && t !== PHIEN_BAN; })
      .map(function (t) { return caches.delete(t); }));
    await self.clients.claim();
  })());
});

async function trongBoNho(duongDan) {
  const boNho = await caches.open(PHIEN_BAN);
  return boNho.match(duongDan);
}

async function trangCanCoMang() {
  const trang = await trongBoNho(TRANG_NGOAI_TUYEN);
  return trang || Response.error();
}

async function soTay(yeuCauGoc, duongDan) {
  const daGiu = await trongBoNho(duongDan);
  if (daGiu) {
    return daGiu;
  }
  try {
    return await fetch(yeuCauGoc);
  } catch (loi) {
    if (yeuCauGoc.mode === "navigate") {
      return trangCanCoMang();
    }
    throw loi;
  }
}

async function dichVu(yeuCauGoc) {
  try {
    return await fetch(yeuCauGoc);
  } catch (loi) {
    return trangCanCoMang();
  }
}

self.addEventListener("fetch", function (suKien) {
  const yc = suKien.request;
  const diaChi = new URL(yc.url);
  if (yc.method !== "GET" || diaChi.origin !== self.location.origin || diaChi.pathname === "/sw.js") {
    return;
  }
  const duongDan = diaChi.pathname;
  const laDichVu = duongDan === "/dich-vu" || duongDan.startsWith("/dich-vu/");
  if (!laDichVu) {
    // trang sổ tay: bỏ phần ?h=… (Material thêm khi mở từ kết quả tìm kiếm)
    suKien.respondWith(soTay(yc, duongDan));
  } else if (GIU_TREN_MAY.has(duongDan) && (!diaChi.search || duongDan.startsWith("/dich-vu/static/"))) {
    // tệp tĩnh của dịch vụ mang "?v=<băm>" để trình duyệt tải lại khi đổi; phiên bản của bộ nhớ đệm đã gồm nội dung
    // của chúng (ngoai_tuyen.py), nên bỏ qua phần đó. Mẫu trắng có "?…" (biến thể) là tệp khác: ra mạng.
    suKien.respondWith(trongBoNho(duongDan).then(function (r) { return r || fetch(yc); }));
  } else if (yc.mode === "navigate") {
    suKien.respondWith(dichVu(yc));
  }
  // còn lại (ảnh, CSS, tải tệp… của trang cần đăng nhập): không đụng tới
});
