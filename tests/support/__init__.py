"""Test helpers (not tests): hostile inputs, output scans, link checks, clip makers,
media tags, the innovation fixture, the Nu HTML checker, and the project's paths."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
