#!/usr/bin/env bash
# The mutant list of `make mutate` (tests/mutants.txt, tools/mutate.py): it parses, and every mutant's
# original text still occurs in its file exactly once (or as often as its nth asks), so the list cannot
# rot silently when the code changes. Running the mutants is `make mutate`, not part of `make test`.
set -u
cd "$(dirname "$0")/../.."
python3 tools/mutate.py --check
