"""What the operating system and other people do: full disks, read-only folders, ports in
use, two builds at once, files edited in the published site. Each ends in exit 0 with the
right site, or exit 1 with a message naming the path and what to do, and no traceback;
the last good site stays as it was."""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_site.cli import cli

from .conftest import write_council

AS_OF = "2026-11-25"
EXE = Path(sys.executable).parent / "build-site"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def build(repo, *extra):
    return run("build", repo, "--as-of", AS_OF, *extra)


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and a digest of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built_sample(sample):
    result = build(sample)
    assert result.exit_code == 0, result.output
    return sample


def no_traceback(result):
    assert "Traceback" not in result.output and "failed unexpectedly" not in result.output, result.output


# --------------------------------------------------------------------------- the operating system says no

def test_a_full_disk_is_a_message_and_the_site_stays(built_sample, monkeypatch):
    from build_site.core import writer

    before = tree(built_sample / "site")
    (built_sample / "data" / "measurements.csv").write_text(
        (built_sample / "data" / "measurements.csv").read_text(encoding="utf-8").replace("\n", "\n", 1),
        encoding="utf-8")

    def full(root, item):
        raise OSError(errno.ENOSPC, "No space left on device", str(Path(root) / item[0]))

    monkeypatch.setattr(writer, "_write_one", full)
    result = build(built_sample, "--no-cache")
    no_traceback(result)
    assert result.exit_code == 1 and "disk is full" in result.output and "docs" in result.output
    assert tree(built_sample / "site") == before


def test_a_site_that_cannot_be_replaced_is_kept_whole(built_sample, monkeypatch):
    from build_site.core import writer

    before = tree(built_sample / "site")
    real = os.replace

    def refuse(src, dst):
        if Path(src) == built_sample / "site":
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", refuse)
    result = build(built_sample)
    no_traceback(result)
    assert result.exit_code == 1 and "permission denied" in result.output and "site" in result.output
    assert tree(built_sample / "site") == before
    assert not [p for p in built_sample.iterdir() if p.name.startswith(".site-old-")]


def test_a_site_whose_new_copy_cannot_be_put_in_place_is_put_back(built_sample, monkeypatch):
    from build_site.core import writer

    before = tree(built_sample / "site")
    real = os.replace

    def refuse(src, dst):
        if Path(dst) == built_sample / "site" and ".cache" in Path(src).parts:  # (the new site, not the old back)
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", refuse)
    result = build(built_sample)
    no_traceback(result)
    assert result.exit_code == 1
    assert tree(built_sample / "site") == before
    assert not [p for p in built_sample.iterdir() if p.name.startswith(".site-old-")]


@pytest.mark.skipif(os.geteuid() != 0 or not hasattr(os, "setuid"), reason="needs root to act as another user")
def test_a_read_only_site_as_another_user_would_meet_it(tmp_path):
    """For real: a user who may not write into site/ (root ignores permissions, so the build
    runs as nobody, in a folder nobody owns but site/)."""
    import pwd
    import shutil
    import tempfile

    nobody = pwd.getpwnam("nobody")

    def as_nobody():
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    try:
        subprocess.run([str(EXE), "--help"], preexec_fn=as_nobody, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("the user nobody cannot run this Python (it lives in a private folder)")
    top = Path(tempfile.mkdtemp(prefix="build-site-ro-"))
    try:
        os.chmod(top, 0o755)
        repo = write_council(top / "council")
        assert build(repo).exit_code == 0
        for p in [repo, *repo.rglob("*")]:
            os.lchown(p, nobody.pw_uid, nobody.pw_gid)
        os.chown(repo / "site", 0, 0)
        os.chmod(repo / "site", 0o555)
        before = tree(repo / "site")
        out = subprocess.run([str(EXE), "build", str(repo), "--as-of", AS_OF], capture_output=True, text=True,
                             preexec_fn=as_nobody, env={**os.environ, "HOME": str(repo)}, timeout=300)
        assert out.returncode == 1, out.stderr
        assert "Traceback" not in out.stderr and "permission denied" in out.stderr and "site" in out.stderr
        assert tree(repo / "site") == before
        assert not [p for p in repo.iterdir() if p.name.startswith(".site-old-")]
    finally:
        shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize("in_the_way", [".cache", "docs"])
def test_a_file_where_a_folder_goes(sample, in_the_way):
    import shutil

    shutil.rmtree(sample / in_the_way, ignore_errors=True)
    (sample / in_the_way).write_text("not a folder", encoding="utf-8")
    result = build(sample)
    no_traceback(result)
    assert result.exit_code == 1 and in_the_way in result.output and "move or rename it" in result.output
    assert not (sample / "site").exists()


def test_serve_on_a_port_in_use_says_so_before_building(sample):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", sample, "--as-of", AS_OF, "--port", port)
    no_traceback(result)
    assert result.exit_code == 1 and f"port {port} is already in use" in result.output and "--port" in result.output
    assert "Checking the data" not in result.output and not (sample / "site").exists()


def test_serve_refuses_a_port_that_cannot_be(sample):
    result = run("serve", sample, "--port", "70000")
    assert result.exit_code == 2 and "70000" in result.output


def test_new_on_an_existing_file(tmp_path):
    (tmp_path / "council").write_text("x", encoding="utf-8")
    result = run("new", tmp_path / "council")
    no_traceback(result)
    assert result.exit_code == 2 and "is a file" in result.output


def test_a_folder_that_is_not_a_council_gets_no_cache(tmp_path):
    result = build(tmp_path)
    assert result.exit_code == 1 and "datapackage.json" in result.output
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- two builds at once

def test_two_builds_started_together_in_one_folder_both_give_the_site(built_sample, tmp_path):
    clean = write_council(tmp_path / "clean")
    assert build(clean).exit_code == 0
    (built_sample / "docs" / "about.md").write_text("# About\n\nA change, so both builds have work.\n",
                                                    encoding="utf-8")
    (clean / "docs" / "about.md").write_text("# About\n\nA change, so both builds have work.\n", encoding="utf-8")
    assert build(clean).exit_code == 0
    procs = [subprocess.Popen([str(EXE), "build", str(built_sample), "--as-of", AS_OF], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0 and "Traceback" not in err, err
    assert any("waiting for it to finish" in err for _out, err in outs)
    assert tree(built_sample / "site") == tree(clean / "site")
    assert not [p for p in built_sample.iterdir() if p.name.startswith(".site-")]


# --------------------------------------------------------------------------- files edited in the published site

def _any_chart(repo: Path) -> Path:
    return sorted((repo / "site" / "indicators").glob("*/chart.svg"))[0]


def test_a_chart_edited_in_the_site_is_never_published_again(built_sample, tmp_path):
    chart = _any_chart(built_sample)
    rel = chart.relative_to(built_sample / "site")
    good = chart.read_bytes()
    with open(chart, "ab") as f:
        f.write(b"<!-- tampered -->")
    result = build(built_sample)
    assert result.exit_code == 0, result.output
    assert "1 file of the last published site changed since it was built" in result.output
    assert (built_sample / "site" / rel).read_bytes() == good
    assert (built_sample / "docs" / rel).read_bytes() == good
    assert all(b"tampered" not in p.read_bytes() for p in (built_sample / ".cache" / "charts").glob("*.svg"))
    assert build(built_sample).exit_code == 0  # and the next build finds nothing to mend
    assert (built_sample / "site" / rel).read_bytes() == good


def test_after_a_no_cache_build_the_cache_is_not_the_tampered_file(built_sample):
    chart = _any_chart(built_sample)
    rel = chart.relative_to(built_sample / "site")
    good = chart.read_bytes()
    with open(chart, "ab") as f:
        f.write(b"<!-- tampered -->")
    assert build(built_sample, "--no-cache").exit_code == 0
    assert build(built_sample).exit_code == 0
    assert (built_sample / "site" / rel).read_bytes() == good


def test_an_edit_that_keeps_the_size_and_time_is_found_too(built_sample, tmp_path):
    clean = write_council(tmp_path / "clean")
    assert build(clean).exit_code == 0
    page = built_sample / "site" / "index.html"
    st = page.stat()
    data = bytearray(page.read_bytes())
    k = data.index(b"<title>") + len(b"<title>")
    data[k:k + 1] = b"X" if data[k:k + 1] != b"X" else b"Y"
    with open(page, "r+b") as f:
        f.write(bytes(data))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert build(built_sample).exit_code == 0
    assert tree(built_sample / "site") == tree(clean / "site")


def test_pages_downloads_and_added_files_in_the_site_are_mended(built_sample, tmp_path):
    clean = write_council(tmp_path / "clean")
    assert build(clean).exit_code == 0
    site = built_sample / "site"
    for rel in ["index.html", "exceptions/exceptions.csv", "data/datapackage.zip", "api/indicators.json"]:
        with open(site / rel, "ab") as f:
            f.write(b"tampered")
    ind = sorted((site / "indicators").iterdir())[0].name
    with open(site / "indicators" / ind / f"{ind}.csv", "ab") as f:
        f.write(b'=HYPERLINK("http://evil","x")\n')
    (site / "extra.html").write_text("<p>not ours</p>", encoding="utf-8")
    os.symlink("/etc/hostname", site / "link.txt")  # (never read: a link is never taken as unchanged)
    assert build(built_sample).exit_code == 0
    assert tree(site) == tree(clean / "site")
    assert all(b"tampered" not in p.read_bytes() and b"evil" not in p.read_bytes()
               for p in (built_sample / "docs").rglob("*") if p.is_file())


def test_an_edited_theme_file_is_never_the_installed_theme(built_sample):
    import material

    css = sorted((built_sample / "site" / "assets" / "stylesheets").glob("main.*.min.css"))[0]
    installed = Path(material.__file__).parent / "templates" / "assets" / "stylesheets" / css.name
    before = installed.read_bytes()
    with open(css, "ab") as f:
        f.write(b"/* tampered */")
    assert installed.read_bytes() == before  # (a copy, not a link to the installed package)
    assert build(built_sample).exit_code == 0
    assert css.read_bytes() == before
