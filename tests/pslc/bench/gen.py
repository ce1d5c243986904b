#!/usr/bin/env python3
"""Writes a benchmark policy with N request bindings into DIR: a Server with ceil(N/1000) endpoints
of 1000-method interfaces (or one smaller interface), one distinct binding per method, each reading
the message (`assert (message.v != j)`), plus a grant-only binding for execute."""
import math, os, sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
per = min(n, 1000)
neps = math.ceil(n / per)
with open(f"{out}/Big.idl", "w") as f:
    f.write("package Big\n\ninterface {\n")
    for j in range(per):
        f.write(f"    M{j}(in UInt32 v);\n")
    f.write("}\n")
with open(f"{out}/Server.edl", "w") as f:
    f.write("entity Server\n\nendpoints {\n")
    for e in range(neps):
        f.write(f"    e{e} : Big\n")
    f.write("}\n")
with open(f"{out}/Client.edl", "w") as f:
    f.write("entity Client\n")
with open(f"{out}/security.psl", "w") as f:
    f.write("execute: kl.core.Execute\nuse nk.base._\nuse EDL kl.core.Core\nuse EDL Client\nuse EDL Server\n\n")
    f.write("execute { grant () }\n")
    k = 0
    for e in range(neps):
        for j in range(per):
            if k == n:
                break
            f.write(f"request src=Client dst=Server endpoint=e{e} method=M{j} {{ assert (message.v != {k}) }}\n")
            k += 1
