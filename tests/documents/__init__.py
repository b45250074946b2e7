
# What `python -m forms_service samples DIR` writes, as NAME.pdf and NAME.docx: filled samples of
# the demo province (the printed register: of its Chi bộ Khóm 1) and blank forms ("mau-trang").
SAMPLE_STEMS = ["don-xin-vang", "don-xin-vang-mau-trang", "giay-gioi-thieu", "giay-gioi-thieu-mau-trang",
                "phieu-nhan-xet", "phieu-nhan-xet-mien-sinh-hoat", "phieu-nhan-xet-mau-trang",
                "phieu-nhan-xet-mien-sinh-hoat-mau-trang", "so-theo-doi", "so-theo-doi-mau-trang"]
