"""Zensical, Material for MkDocs' successor: it reads the same mkdocs.yml, and runs as its own
command with a copy of the configuration that points at the folder given."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue
from build_site.generators.base import Job, no_config
from build_site.site import languages as L

CONFIG_COPY = ".build-site-zensical.yml"  # at the root (Zensical wants its docs inside its project)


class Zensical:
    name, label, incremental, ahead = "zensical", "Zensical", False, None

    def build(self, job: Job) -> bool:
        try:
            version("zensical")
        except PackageNotFoundError:
            raise CannotContinue(_("Zensical is not installed — install it with: {command}",
                                   command="pip install 'build-site[zensical]'")) from None
        source = job.root / "mkdocs.yml"
        if not source.is_file():
            raise CannotContinue(no_config(job.root))
        config = _zensical_config(job, source.read_text(encoding="utf-8"))
        copy = job.root / CONFIG_COPY
        copy.write_text(config, encoding="utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(copy)], cwd=job.root,
                                  capture_output=True, text=True, timeout=3600)
        finally:
            copy.unlink(missing_ok=True)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise CannotContinue(_("Zensical could not build the site: {reason}",
                                   reason=said[-1] if said else _("no reason given")))
        return False


def _zensical_config(job: Job, text: str) -> str:
    """mkdocs.yml for Zensical, building into the job's folder: as written, but for where the site
    goes and its address; for a site in several languages, read and written again as YAML with
    each language's settings (``site/languages``)."""
    relative = lambda path: os.path.relpath(path, job.root).replace(os.sep, "/")  # noqa: E731
    if len(job.languages) == 1:
        config = _setting(text, "site_dir", relative(job.site_dir))
        return _setting(config, "site_url", job.site_url) if job.site_url else config
    import yaml

    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise CannotContinue(_("Zensical builds a site in several languages from a plain mkdocs.yml, and this one "
                               "is not ({reason}): build with MkDocs (--generator mkdocs)", reason=err)) from err
    code = job.language or job.languages[0]
    config["site_dir"] = relative(job.site_dir)
    if code != job.languages[0]:
        config["docs_dir"] = relative(L.docs_for(job.root / "docs", code, job.languages))
    else:
        config["exclude_docs"] = L.exclude_docs(job.languages)
    L.apply(config, L.changes(code, job.languages, config.get("extra"), config.get("nav"),
                              job.site_url or config.get("site_url")))
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _setting(text: str, key: str, value: str) -> str:
    """YAML text with its top-level ``key`` set to ``value``."""
    line = f'{key}: "{value}"'
    found = re.compile(rf"^{key}:.*$", re.M)
    return found.sub(lambda _m: line, text, count=1) if found.search(text) else f"{line}\n{text}"
