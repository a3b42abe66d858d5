"""What a static site generator is asked for (``Job``) and what it must do (``Generator``):
the seam between the pipeline and the tool that turns docs/ into a site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from build_site.core.catalogue import _

#: A generator's own file, kept beside the staged site for the next build and never published.
STAGED_ONLY = ".build-site-search.json"


@dataclass(frozen=True)
class Job:
    """What a generator is asked for: the council's repository, the folder to build the site
    in, and (for generators that can) whether only changed pages need building."""

    root: Path
    site_dir: Path
    dirty: bool = False
    index: dict | None = None  # what the generator's ``ahead`` worked out for the pages, by source path
    template_cache: Path | None = None
    site_url: str | None = None
    language: str | None = None  # the site of this language (site/languages); None: the main one
    languages: tuple[str, ...] = ("en",)


class Generator(Protocol):
    name: str
    label: str  # as a person reads it
    incremental: bool  # whether it can rebuild only the pages that changed (``Job.dirty``)
    #: Work on each generated page that can be done ahead, in the workers, while the rest of the
    #: build goes on ({path in docs/: bytes} -> {path: what the generator takes in ``Job.index``}),
    #: or None. A module-level function, so that a worker process can be sent it.
    @property
    def ahead(self) -> Callable[[dict[str, bytes | None]], dict[str, Any]] | None: ...

    def build(self, job: Job) -> bool:
        """Build the site into ``job.site_dir``; return whether generated files were
        hard-linked there (True) or copied."""


def no_config(root: Path) -> str:
    return _("there is no mkdocs.yml in {folder}; create a council repository with `build-site new`", folder=root)
