"""The deployment files: the systemd unit, the image and CI's image step without docker."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from obm_bot.config import REPO_ROOT

BUILD = REPO_ROOT / "scripts" / "build_image.sh"


def unit_sections(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit: section -> key -> every value (keys such as Environment repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            current.setdefault(key, []).append(value)
    return sections


def test_the_unit_restarts_on_failure_as_a_user_of_its_own() -> None:
    unit = unit_sections(REPO_ROOT / "deploy" / "obm-bot.service")
    service = {key: values[-1] for key, values in unit["Service"].items()}
    assert service["Restart"] == "on-failure"
    assert service["User"] not in ("", "root") and service["Group"] == service["User"]
    assert service["RestartPreventExitStatus"] == "2"  # a bad obm.toml does not loop
    assert re.search(r"/obm-bot run --health \d+$", service["ExecStart"])
    database = next(e for e in unit["Service"]["Environment"] if e.startswith("OBM_DB_PATH="))
    assert database.startswith(f"OBM_DB_PATH={service['ReadWritePaths']}/")  # writable
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_image_is_slim_runs_as_non_root_and_keeps_the_database_on_a_volume() -> None:
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.1[1-3]-slim$", text, re.MULTILINE)
    [user] = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert user not in ("root", "0")
    assert 'VOLUME ["/data"]' in text and "OBM_DB_PATH=/data/" in text
    for source in re.findall(r"^COPY (.+) \S+$", text, re.MULTILINE):
        for name in source.split():
            assert (REPO_ROOT / name).exists(), name  # nothing copied that is not there
    copied = " ".join(re.findall(r"^COPY (.+)$", text, re.MULTILINE))
    for folder in ("obm_bot", "catalogue", "intents", "knowledge"):
        assert folder in copied, folder


def run_build(path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path}
    return subprocess.run(
        ["/bin/bash", str(BUILD)], env=env, capture_output=True, text=True, check=False
    )


def test_ci_skips_the_image_with_a_message_without_docker(tmp_path: Path) -> None:
    dirname = shutil.which("dirname")
    assert dirname is not None
    (tmp_path / "dirname").symlink_to(dirname)  # the one program the script needs first
    done = run_build(str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "image build skipped: docker is not installed" in done.stdout


def test_ci_skips_the_image_when_no_daemon_answers(tmp_path: Path) -> None:
    docker = tmp_path / "docker"
    docker.write_text("#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n")
    docker.chmod(0o755)
    done = run_build(f"{tmp_path}:/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    assert "image build skipped: no docker daemon answers" in done.stdout
