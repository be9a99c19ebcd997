"""Run independent pieces of a batch analysis on Dask, or here when no cluster is asked for.

The batch analyses (complexity and the national scan over many years) take
``client=``:

* ``None`` (default): everything runs in this process;
* a :class:`distributed.Client`: the pieces go to its workers;
* a scheduler address such as ``"tcp://10.0.0.5:8786"``: a client connects
  to that cluster for the call and disconnects after it;
* ``True`` or ``"local"``: a :class:`distributed.LocalCluster` on this
  machine is started for the call and shut down after it.

Dask does the scheduling; results come back in the order of the pieces, so
a distributed run returns exactly what the local one does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from regiocluster.errors import ConfigurationError

__all__ = ["ClientLike", "dask_client", "map_pieces"]

ClientLike = Any  # distributed.Client | str | bool | None (distributed is imported lazily)


@contextlib.contextmanager
def dask_client(client: ClientLike) -> Iterator[Any]:
    """Yield a :class:`distributed.Client` for ``client`` (or None to run here).

    Parameters
    ----------
    client : Client, str, bool or None
        See the module docstring.

    Yields
    ------
    distributed.Client or None
        A client made here is closed (and its LocalCluster shut down) on exit.

    Raises
    ------
    ConfigurationError
        If ``client`` is none of the accepted kinds.
    """
    if client is None or client is False:
        yield None
        return
    from distributed import Client, LocalCluster

    if isinstance(client, Client):
        yield client
        return
    if client is True or client == "local":
        with LocalCluster(processes=True) as cluster, Client(cluster) as made:
            yield made
        return
    if isinstance(client, str):
        with Client(client) as made:
            yield made
        return
    raise ConfigurationError(
        f"client must be a distributed.Client, a scheduler address, True or None, "
        f"not {type(client).__name__}"
    )


def map_pieces(
    func: Callable[..., Any],
    pieces: Sequence[Any],
    *,
    client: ClientLike = None,
    **kwargs: Any,
) -> list[Any]:
    """Return ``[func(piece, **kwargs) for piece in pieces]``, on Dask if asked.

    Parameters
    ----------
    func : callable
        A module-level function (workers import it by name).
    pieces : sequence
        Its first argument, one per task. Data pieces are scattered to the
        workers first, so no large object travels inside the task graph.
    client : Client, str, bool or None, keyword-only
        Where to run (see :func:`dask_client`).
    **kwargs
        Passed to every call (keyword arguments, shared by all pieces).

    Returns
    -------
    list
        Results in the order of ``pieces``.
    """
    with dask_client(client) as dask:
        if dask is None:
            return [func(piece, **kwargs) for piece in pieces]
        data = dask.scatter(list(pieces))
        futures = [dask.submit(func, piece, pure=False, **kwargs) for piece in data]
        return dask.gather(futures)
