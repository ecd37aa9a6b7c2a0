"""The ``classify`` console script: the command line (``cli.app``) in a process tuned
for a short run.

A run imports typer and the project, reads the model and scores a draft, making
hundreds of thousands of container objects, most of which live until it ends. Python's
cyclic collector, run every 700 new containers by default, walks them again and again,
and once more at exit, where the process frees everything anyway. Here it runs every
``GC_YOUNG`` new containers, and not at exit. Set before anything else is imported; the
library itself (``cli.api``) leaves the collector as its host process set it.

The model's files are read and verified on a second thread meanwhile
(``cli.artifact.read_ahead``), since importing typer keeps this one busy.
``python benchmarks/speed.py --only entry`` measures what this module saves.
"""

import gc

GC_YOUNG = 50_000  # new container objects between collections of the youngest generation

__all__ = ["GC_YOUNG", "main"]


def main() -> None:
    """Run ``classify`` with the collector tuned as above."""
    gc.set_threshold(GC_YOUNG)
    from cli.artifact import read_ahead

    read_ahead()  # the shipped model's files, read and verified while typer is imported
    from cli.app import main as run

    try:
        run()
    finally:
        gc.freeze()  # what is left is freed with the process: no collection walks it
