"""Building cases on a Dask cluster (``docgen build --scheduler``), for batches one machine
cannot finish in time. Optional: ``pip install docgen[dask]``; imported only then.

One task per case, the same function that ``--jobs`` runs (:func:`docgen.batch.build_one`): a case's
failure is a result, never an exception, and every file is written atomically, so a task
that runs again (its worker died and the scheduler started it elsewhere) writes the same
bytes or finds the case already built. Workers warm up once (fonts, statute data, the
caller's language) through a worker plugin. Results stream back as they finish;
:func:`docgen.batch.build_many` counts them, shows progress and writes ``batch.json``
exactly as for local workers.

Every worker must see the case files and the output folder at the same paths as the
machine that runs ``docgen build`` (a shared file system), and have docgen installed.
"""
from __future__ import annotations

import logging
from contextlib import ExitStack
from typing import Any, Callable, Iterator, TypeVar

import dask
from dask.distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from docgen.errors import DocgenError, InputError
from docgen.i18n import _

Result = TypeVar("Result")

LOCAL_PREFIX = "local:"
CONNECT_TIMEOUT = "20s"
LOST_TASK_RETRIES = 3
"""Times a case is started again after a worker died while building it (dask's allowed-failures)."""


class WarmWorker(WorkerPlugin):
    """Warm each worker up once, as local workers are, before its first case."""

    name = "docgen-warm-up"

    def __init__(self, warm_up: Callable[[], None]) -> None:
        self.warm_up = warm_up

    def setup(self, worker: Any) -> None:
        self.warm_up()


def _client(address: str, stack: ExitStack) -> Client:
    if address.startswith(LOCAL_PREFIX):
        cluster = stack.enter_context(LocalCluster(
            n_workers=int(address[len(LOCAL_PREFIX):]), threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR))
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
    except (OSError, TimeoutError) as error:
        raise InputError(_("--scheduler {address}: no Dask scheduler answered there ({error})").format(
            address=address, error=error)) from None


def run_on_cluster(address: str, build: Callable[[str], Result], sources: list[str], warm_up: Callable[[], None],
                   failed: Callable[[str, DocgenError], Result]) -> Iterator[Result]:
    """The results of ``build(source)`` for every case file, built through the Dask scheduler
    at ``address`` (``local:N``: a cluster of N processes on this machine) on workers warmed up
    by ``warm_up()``, as they finish; ``failed(source, error)`` for a case whose workers died.
    ``build`` and ``warm_up`` must pickle (module-level functions, or partials of them)."""
    with ExitStack() as stack:
        stack.enter_context(dask.config.set({"distributed.scheduler.allowed-failures": LOST_TASK_RETRIES}))
        client = _client(address, stack)
        client.register_plugin(WarmWorker(warm_up), name=WarmWorker.name)
        futures = client.map(build, sources, pure=False)
        source_of = {future.key: source for future, source in zip(futures, sources)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except KilledWorker:
                yield failed(source_of[future.key], DocgenError(_(
                    "{count} Dask workers died while building this case; it was not built").format(
                        count=LOST_TASK_RETRIES + 1)))
