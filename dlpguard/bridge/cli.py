"""Bridge commands: `native-host` (started by the browser), `install-browser-host`, `bridge-server`.

Registered on the main `dlpguard` group, imported only when used (`LAZY_COMMANDS` in dlpguard/cli.py).
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import click

from dlpguard.bridge.framing import DEFAULT_MAX_INBOUND_BYTES
from dlpguard.bridge.manifests import Browser, Locations, Platform, Scope
from dlpguard.errors import BridgeError

#: Where the DLP Guard packages put the application (installers/layout.py; a test keeps them equal).
PACKAGED_APP_DIRS = (Path("/opt/dlpguard"), Path("/Library/DLPGuard"))

logger = logging.getLogger(__name__)


@click.command(
    "native-host",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("browser_args", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_INBOUND_BYTES,
    hidden=True,
    help="Largest request frame accepted.",
)
def native_host(browser_args: tuple[str, ...], max_request_bytes: int) -> None:
    """Serve the browser extension over native messaging (the browser starts this).

    Browsers pass the caller's origin (Chrome), the manifest path and add-on id (Firefox) or
    --parent-window=... (Windows); they are accepted and ignored: the browser has already checked
    the caller against the manifest's allowed ids.
    """
    from dlpguard.bridge.native_host import main as host_main

    raise click.exceptions.Exit(host_main(max_request_bytes))


def _locations(system_wide: bool, root: Path | None) -> Locations:
    return Locations.for_scope(Scope.SYSTEM if system_wide else Scope.USER, root=root)


def packaged_install() -> bool:
    """True when this interpreter is one a DLP Guard package installed: its package owns the
    system-wide registration, which `--system` would otherwise overwrite with a launcher of its own."""
    prefix = Path(sys.prefix).resolve()
    return any(prefix.is_relative_to(app) for app in PACKAGED_APP_DIRS)


@click.command("install-browser-host")
@click.option(
    "--system", "system_wide", is_flag=True, help="For every user of this machine (needs admin rights)."
)
@click.option("--uninstall", is_flag=True, help="Remove the host registration instead.")
@click.option(
    "--browser",
    "browsers",
    multiple=True,
    type=click.Choice([b.value for b in Browser]),
    help="Only this browser (repeatable). Default: Chrome, Chromium, Edge, Brave and Firefox.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be written or removed; change nothing.")
@click.option(
    "--reg-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Windows: write the registry entries as a .reg file instead of applying them.",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    hidden=True,
    help="Prefix for system-wide paths (a DESTDIR for packaging).",
)
def install_browser_host(
    system_wide: bool,
    uninstall: bool,
    browsers: tuple[str, ...],
    dry_run: bool,
    reg_file: Path | None,
    root: Path | None,
) -> None:
    """Register the native host with the browsers, so the extension can reach DLP Guard."""
    from dlpguard.bridge import install

    if system_wide and root is None and not dry_run and packaged_install():
        raise click.UsageError(
            "the DLP Guard package manages the system-wide browser registration; "
            "reinstall the package to repair it (per-user registration still works without --system)"
        )
    chosen = [Browser(b) for b in browsers] or list(Browser)
    locations = _locations(system_wide, root)
    if reg_file is not None and locations.platform is not Platform.WINDOWS:
        raise click.UsageError("--reg-file applies to Windows only")
    if uninstall:
        if reg_file is not None:
            plan = install.plan_install(chosen, locations)
            install.write_reg_file(reg_file, install.reg_file(plan.registry, remove=True))
            click.echo(f"wrote {reg_file}")
            return
        lines = install.uninstall(chosen, locations, dry_run=dry_run)
        click.echo("\n".join(lines) if lines else "nothing to remove")
        return
    plan = install.plan_install(chosen, locations)
    if dry_run:
        for line in plan.describe():
            click.echo(f"would write {line}")
        click.echo(f"\n--- {plan.launcher.path}\n{plan.launcher.content}")
        for manifest in plan.manifests:
            click.echo(f"--- {manifest.path}\n{manifest.content}")
        if plan.registry:
            click.echo(install.reg_file(plan.registry))
        return
    if reg_file is not None:
        files_only = install.HostInstall(plan.locations, plan.browsers, plan.launcher, plan.manifests, ())
        lines = install.install(files_only)
        install.write_reg_file(reg_file, install.reg_file(plan.registry))
        lines.append(f"wrote {reg_file} (import it with regedit or deploy it by group policy)")
    else:
        lines = install.install(plan)
    click.echo("\n".join(lines))


@click.command("bridge-server")
@click.option("--address", hidden=True, help="Socket path (or pipe name) instead of the user's default.")
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_INBOUND_BYTES,
    hidden=True,
)
def bridge_server(address: str | None, max_request_bytes: int) -> None:
    """Serve native hosts on the local socket without the tray app (headless machines, tests)."""
    from dlpguard.bridge.server import BridgeServer
    from dlpguard.guard.services import GuardServices
    from dlpguard.policy.watcher import PolicyStore

    store = PolicyStore()
    services = GuardServices(lambda: store.loaded)
    server = BridgeServer(services, address=address, max_request_bytes=max_request_bytes)

    def request_stop(signum: int, frame: object) -> None:
        server.request_stop()

    signal.signal(signal.SIGTERM, request_stop)
    try:
        server.start()
    except BridgeError:
        services.close()
        raise
    services.preload()
    click.echo(f"dlpguard: bridge listening at {server.address}", err=True)
    with store:  # reload the policy live while serving
        try:
            server.serve_forever()
        finally:
            services.close()

