@echo off
rem Pratinjau situs di http://localhost:8000/ (bangun ulang otomatis setiap berkas disimpan).
rem Port lain: scripts\pratinjau.cmd --port 8080. Berhenti: Ctrl-C.
cd /d "%~dp0\.."
if not exist .venv\Scripts\python.exe call "%~dp0siapkan.cmd" || exit /b 1
.venv\Scripts\python -m kasdikdas livereload %*
