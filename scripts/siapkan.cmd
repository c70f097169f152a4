@echo off
rem Siapkan proyek Kas Dikdas di Windows (sekali): lingkungan Python .venv dan paketnya,
rem lalu (bila Node.js terpasang) editor /admin/ dari npm.
cd /d "%~dp0\.."
if exist .venv\Scripts\python.exe goto :pasang
py -3 -m venv .venv 2>nul || python -m venv .venv || goto :gagal
:pasang
.venv\Scripts\python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements\runtime.txt || goto :gagal
.venv\Scripts\python -m pip install --quiet --disable-pip-version-check --no-deps -e . || goto :gagal
where npm >nul 2>nul && call npm ci --omit=dev --silent --no-audit --no-fund
echo.
echo Siap. Lihat situs dengan: scripts\pratinjau.cmd
exit /b 0
:gagal
echo Gagal menyiapkan. Pasang Python 3.11 atau lebih baru dari python.org (centang "Add python.exe to PATH"), lalu jalankan lagi.
exit /b 1
