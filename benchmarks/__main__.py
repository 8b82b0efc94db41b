"""`python -m benchmarks`: the whole benchmark (see benchmarks.run)."""

from benchmarks.run import main

main()
