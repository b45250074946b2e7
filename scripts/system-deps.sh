#!/usr/bin/env bash
# Installs the Debian packages the project needs but pip cannot provide.
#   runtime: Pango + HarfBuzz-subset for WeasyPrint (PDF rendering)
#   test:    runtime + Chromium (browser tests) + poppler-utils (pdftotext in tests)
#            + PostgreSQL's server (the tests start a throw-away cluster with its initdb and pg_ctl)
#            + Java and npm (the Nu HTML Checker, vnu-jar from npm, checks the handbook's HTML)
#            + LibreOffice Writer (a test opens each DOCX as a clerk would and compares its pages with the PDF)
# As root it installs them with apt-get; otherwise it names the command to run and fails.
set -euo pipefail
what=${1:-runtime}

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
missing=()
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
if [ "$what" = test ]; then
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
  command -v soffice >/dev/null || missing+=(libreoffice-writer)
fi
((${#missing[@]})) || exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Thiếu gói hệ thống / missing system packages: ${missing[*]}" >&2
  echo "Chạy lệnh sau với quyền root / run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd -qq
