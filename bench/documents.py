"""Document render times (median of 50, warm) and the handbook's build and weight."""
from __future__ import annotations

import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .server import PROJECT_ROOT


def _median_ms(render, context, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms. The machine is shared:
    when other work runs, the wall time grows with the load and the CPU time much less."""
    render(context)  # warm: fonts, templates, caches
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        render(context)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def document_types() -> dict:
    """name -> (context, pdf function, docx function), for every document type there is."""
    found = {}
    try:
        from forms_service.documents.letters import letter_docx, letter_pdf, sample_letter_context
        found["don_xin_vang"] = (sample_letter_context(), letter_pdf, letter_docx)
    except ImportError:
        pass
    try:
        from forms_service.documents import comments, introductions
        found["phieu_nhan_xet"] = (comments.sample_contexts()["phieu-nhan-xet"], comments.render_comment_pdf,
                                   comments.render_comment_docx)
        found["giay_gioi_thieu"] = (introductions.sample_contexts()["giay-gioi-thieu"],
                                    introductions.render_introduction_pdf, introductions.render_introduction_docx)
    except ImportError:
        pass
    return found


def render_medians(runs: int = 50) -> dict:
    """name_pdf / name_docx: median wall ms; name_pdf_cpu / name_docx_cpu: median CPU ms."""
    medians = {}
    for name, (context, pdf, docx) in document_types().items():
        for kind, render in (("pdf", pdf), ("docx", docx)):
            medians[f"{name}_{kind}"], medians[f"{name}_{kind}_cpu"] = _median_ms(render, context, runs)
    return medians


def handbook() -> dict:
    """Build time of the handbook (a fresh build into a temporary folder) and what its
    home page costs to load: the HTML plus the CSS and JS files it links."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    with tempfile.TemporaryDirectory(prefix="sotay-site-") as folder:
        started = time.perf_counter()
        subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", folder], cwd=PROJECT_ROOT,
                       check=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
        build_s = time.perf_counter() - started
        site = Path(folder)
        html = (site / "index.html").read_bytes()
        assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
        assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
        files = [site / "index.html"] + [site / a.decode().split("?")[0] for a in assets
                                         if not a.startswith((b"http:", b"https:", b"//"))]
        present = [f for f in files if f.is_file()]
        raw = sum(f.stat().st_size for f in present)
        zipped = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in present)
    return {"build_s": round(build_s, 2), "home_files": len(present), "home_bytes": raw,
            "home_gzip_bytes": zipped,
            "note": "home page = index.html + the CSS and JS it links (fonts: none, theme.font is off). "
                    "home_bytes is what gunicorn sends (it does not compress); home_gzip_bytes is what the "
                    "deploy/nginx.conf setup (gzip on, level 6 here) would send."}
