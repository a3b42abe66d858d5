"""``build-site postcodes``: the postcode finder's data (see ``officer.postcodes_import``)."""

from __future__ import annotations

from pathlib import Path

import click

from build_site.cli.options import DIR
from build_site.core.catalogue import _, _n
from build_site.officer.postcodes_import import PATH, cut


@click.group()
def postcodes() -> None:
    """The postcode finder: which area each of the council's postcodes is in."""


@postcodes.command("import")
@click.argument("extract", type=click.Path(dir_okay=False, path_type=Path))
@DIR
@click.option("--postcode-column", metavar="NAME", help="The extract's postcode column (default: pcds, pcd, pcd2 "
              "or postcode).")
@click.option("--area-column", metavar="NAME", help="The extract's area code column (default: osward, ward or area).")
def import_command(extract: Path, directory: Path, postcode_column: str | None, area_column: str | None) -> None:
    """Cut the council's rows from EXTRACT (the ONS National Statistics Postcode Lookup as CSV,
    from anywhere) into data/postcodes.csv."""
    done = cut(directory, extract, postcode_column, area_column, progress=lambda m: click.echo(m, err=True))
    click.echo(_n("Kept {n} postcode of {read} rows read into {file}.", "Kept {n} postcodes of {read} rows read into "
                  "{file}.", done.kept, read=f"{done.read:,}", file=PATH))
    if done.skipped:
        click.echo(_n("Left out {n} row of your areas that is terminated or not a postcode.",
                      "Left out {n} rows of your areas that are terminated or not postcodes.", done.skipped))
    if done.areas:
        click.echo(_("No postcode was found for {areas}: check that the extract covers the council and that its "
                     "area column holds the codes in data/areas.csv.", areas=", ".join(done.areas)))
    click.echo(_("Commit data/postcodes.csv (and datapackage.json) with the data; the next build makes the finder."))
