@echo off
rem Periksa semua kiprah dan daftar sekolah (sama dengan invoke check).
cd /d "%~dp0\.."
if not exist .venv\Scripts\python.exe call "%~dp0siapkan.cmd" || exit /b 1
.venv\Scripts\python -m kasdikdas check %*
