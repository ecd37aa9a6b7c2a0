"""Allow `python -m cli`."""

from cli.entry import main

main()
