# Vigil's gdb helper (sourced by tools/gdb.sh; docs/debugging.md). Commands:
#   vigil ps                      processes: pid, class, state, ASID, threads (* marks the running one)
#   vigil threads                 threads: id, process, state, priority, IPC state
#   vigil break PROCESS FUNCTION  a breakpoint on FUNCTION of PROCESS's program that stops only in that
#                                 process (PROCESS: a class name such as echo.Server, or a pid)
#   vigil breakpoints             those breakpoints: function, program, process, hits, hits ignored
#   vigil program CLASS ELF       tell the helper which program (with symbols) runs under a class
#   vigil symbols [CLASS]         the program whose symbols are loaded now; load CLASS's
#
# Every user program is linked at 0x400000, so the programs' symbol files overlap and gdb could not
# tell whose `main` is at a given pc. The helper therefore keeps the kernel's symbols and exactly one
# program's loaded: the program of the process running when the target stops (it swaps them at each
# stop), so frames, `bt` and `print` always speak about the code that really runs there.
# QEMU's gdb stub matches breakpoints by virtual address in every address space; a `vigil break`
# breakpoint asks the kernel's structures which process is running and stops only in the one named.
# When the CPU runs at EL0 the stub cannot read kernel memory (its pages are EL1-only), so the helper
# walks TTBR1's tables itself and reads physical memory through QEMU's monitor (`xp`).
import os
import re

import gdb

USER_TOP = 1 << 39  # ARCH_USER_TOP: user addresses are below, the kernel's far above
KERNEL_FILES = {"all": "kernel/process.c", "sched_current": "kernel/sched.c"}  # the variables the helper reads


def _enum_word(value, prefix):
    """THREAD_BLOCKED -> blocked: the enumerator's name without its common prefix."""
    text = str(value)
    return text[len(prefix):].lower() if text.startswith(prefix) else text


class KernelMemory:
    """Reads kernel virtual memory: through the stub when it can, else by walking TTBR1 and reading
    physical memory with QEMU's monitor. Translations are kept until the target runs again."""

    XP_LINE = re.compile(r"^([0-9a-fA-F]+):((?:\s+0x[0-9a-fA-F]+)+)\s*$")

    def __init__(self):
        self.pages = {}
        gdb.events.cont.connect(lambda _event: self.pages.clear())

    def _xp(self, pa, size):
        start = pa & ~7
        words = (pa + size - start + 7) // 8
        text = gdb.execute("monitor xp /%dgx 0x%x" % (words, start), to_string=True)
        data = bytearray()
        for line in text.splitlines():
            m = self.XP_LINE.match(line.strip())
            if not m:
                raise gdb.MemoryError("cannot read physical memory at 0x%x: %s" % (start, line.strip()))
            for word in m.group(2).split():
                data += int(word, 16).to_bytes(8, "little")
        if len(data) < words * 8:
            raise gdb.MemoryError("cannot read physical memory at 0x%x" % start)
        return bytes(data[pa - start:pa - start + size])

    def _translate_page(self, va):
        page = va & ~0xFFF
        if page in self.pages:
            return self.pages[page]
        if not int(gdb.parse_and_eval("$SCTLR")) & 1:
            raise gdb.MemoryError("the MMU is off: the kernel has not started yet")
        tcr = int(gdb.parse_and_eval("$TCR_EL1"))
        bits = 64 - ((tcr >> 16) & 0x3F)  # T1SZ; 4 KiB granule (the kernel's only one)
        level = 4 - (bits - 12 + 8) // 9
        table = int(gdb.parse_and_eval("$TTBR1_EL1")) & 0x0000FFFFFFFFF000
        while True:
            shift = 12 + 9 * (3 - level)
            index = (va >> shift) & ((1 << min(9, bits - shift)) - 1)
            desc = int.from_bytes(self._xp(table + index * 8, 8), "little")
            if desc & 1 == 0:
                raise gdb.MemoryError("kernel address 0x%x is not mapped" % va)
            out = desc & 0x0000FFFFFFFFF000
            if level == 3 or desc & 2 == 0:  # a page, or a block at level 1 or 2
                pa = (out & ~((1 << shift) - 1)) | (page & ((1 << shift) - 1))
                self.pages[page] = pa
                return pa
            table, level = out, level + 1

    def read(self, va, size):
        try:
            return bytes(gdb.selected_inferior().read_memory(va, size))
        except gdb.MemoryError:
            pass
        data = b""
        while size > 0:
            chunk = min(size, 0x1000 - (va & 0xFFF))
            data += self._xp(self._translate_page(va) | (va & 0xFFF), chunk)
            va, size = va + chunk, size - chunk
        return data


class Kernel:
    """The kernel's process and thread structures, read from the kernel image's symbols."""

    def __init__(self, memory):
        self.mem = memory

    def _symbol(self, name):
        path = KERNEL_FILES[name]
        found = list(gdb.lookup_static_symbols(name))
        glob = gdb.lookup_global_symbol(name)
        if glob is not None:
            found.append(glob)
        for sym in found:
            if sym.symtab and sym.symtab.filename.endswith(path) and \
                    sym.symtab.objfile.filename == gdb.current_progspace().filename:
                return sym
        raise gdb.GdbError("vigil: no symbol %s in %s: is the kernel image loaded (file IMAGE)?" % (name, path))

    def _pointer_var(self, name):
        """The value of a kernel pointer variable and the type it points to."""
        sym = self._symbol(name)
        addr = int(sym.value().address)
        return int.from_bytes(self.mem.read(addr, 8), "little"), sym.type.target()

    def load(self, addr, type_):
        """The object of type_ at kernel address addr, as a gdb.Value read in one piece."""
        type_ = type_.strip_typedefs()
        return gdb.Value(self.mem.read(addr, type_.sizeof), type_)

    def string(self, value):
        raw = bytes(int(value[i]) & 0xFF for i in range(value.type.sizeof))
        return raw.split(b"\0", 1)[0].decode("utf-8", "replace")

    def cstring(self, addr, limit=64):
        if not addr:
            return ""
        size = min(limit, 0x1000 - (addr & 0xFFF))  # never past the page: the next may be unmapped
        return self.mem.read(addr, size).split(b"\0", 1)[0].decode("utf-8", "replace")

    def current_thread(self):
        addr, ttype = self._pointer_var("sched_current")
        return (addr, self.load(addr, ttype)) if addr else (0, None)

    def processes(self):
        addr, ptype = self._pointer_var("all")
        seen = set()
        while addr and addr not in seen:
            seen.add(addr)
            p = self.load(addr, ptype)
            yield addr, p
            addr = int(p["next"])

    def threads(self, proc):
        ttype = proc["threads"].type.target()
        addr, seen = int(proc["threads"]), set()
        while addr and addr not in seen:
            seen.add(addr)
            t = self.load(addr, ttype)
            yield addr, t
            addr = int(t["proc_next"])

    def asid(self, proc):
        aspace = int(proc["vm"]["as"])
        if not aspace:
            return None
        return int(self.load(aspace, proc["vm"]["as"].type.target())["pt"]["asid"])

    def process(self, proc_addr):
        return self.load(proc_addr, self._symbol("all").type.target())

    def process_name(self, proc_addr):
        return self.string(self.process(proc_addr)["name"]) if proc_addr else None

    def running_process(self):
        """(address, class name) of the process whose thread runs now; (0, None) for a kernel thread."""
        _, t = self.current_thread()
        if t is None or not int(t["proc"]):
            return 0, None
        return int(t["proc"]), self.process_name(int(t["proc"]))


class Programs:
    """Which ELF runs under which class, and which one's symbols gdb has loaded now."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.elf = {}
        self.loaded = None  # the ELF path whose symbols are loaded

    def add(self, cls, path):
        if not os.path.isfile(path):
            raise gdb.GdbError("vigil: no file %s" % path)
        self.elf[cls] = os.path.abspath(path)  # gdb names objfiles by absolute path

    def load(self, cls):
        """Makes cls's program the loaded one; False when the class has no registered program."""
        return self.load_path(self.elf.get(cls))

    def load_path(self, path):
        if path == self.loaded:
            return path is not None
        if self.loaded:
            gdb.execute("remove-symbol-file %s" % self.loaded, from_tty=False, to_string=True)
            self.loaded = None
        if path is None:
            return False
        gdb.execute("add-symbol-file %s" % path, from_tty=False, to_string=True)
        self.loaded = path
        return True

    def follow_stop(self):
        """Loads the symbols of the process running now (called at every stop); True if they changed."""
        try:
            _, cls = self.kernel.running_process()
        except (gdb.error, gdb.MemoryError):
            return False
        if cls is None:
            return False  # a kernel thread: user symbols do not matter, keep what is loaded
        before = self.loaded
        have = self.load(cls)
        if self.loaded == before:
            return False
        print("vigil: now in %s: %s" % (cls, "symbols of " + self.loaded if have else "no symbols for it"))
        return True


class ProcessBreakpoint(gdb.Breakpoint):
    """A breakpoint at one address of a user program that stops only while process `target` (a class
    name, or a pid) runs. Hits in other processes are counted in `elsewhere` and ignored."""

    def __init__(self, helper, address, target, what):
        super().__init__("*0x%x" % address)
        self.helper, self.target, self.what = helper, target, what
        self.elsewhere = 0
        self.silent = True  # Helper.on_stop reports the stop once the right symbols are loaded

    def stop(self):
        try:
            proc, cls = self.helper.kernel.running_process()
            if isinstance(self.target, int):
                match = proc and int(self.helper.kernel.process(proc)["pid"]) == self.target
            else:
                match = cls == self.target
        except (gdb.error, gdb.MemoryError) as e:
            print("vigil: breakpoint %d: cannot tell the running process (%s); stopping" % (self.number, e))
            return True
        if not match:
            self.elsewhere += 1
        return bool(match)


class Helper:
    def __init__(self):
        self.kernel = Kernel(KernelMemory())
        self.programs = Programs(self.kernel)
        self.breakpoints = []
        gdb.events.stop.connect(self.on_stop)

    def ps(self):
        _, cur = self.kernel.current_thread()
        running = int(cur["proc"]) if cur is not None else 0
        rows = []
        for addr, p in self.kernel.processes():
            state = _enum_word(p["state"], "PROCESS_")
            if state == "ended":
                state = "ended(%d)" % int(p["exit_code"])
            asid = self.kernel.asid(p)
            rows.append(("*" if addr == running else " ", int(p["pid"]), self.kernel.string(p["name"]), state,
                         "-" if asid is None else str(asid), int(p["nthreads"])))
        print("  %4s  %-31s %-10s %5s %7s" % ("PID", "CLASS", "STATE", "ASID", "THREADS"))
        for r in sorted(rows, key=lambda r: r[1]):
            print("%s %4d  %-31s %-10s %5s %7d" % r)

    def thread_rows(self):
        cur_addr, cur = self.kernel.current_thread()
        rows = []
        for _, p in self.kernel.processes():
            pname = "%s(%d)" % (self.kernel.string(p["name"]), int(p["pid"]))
            for addr, t in self.kernel.threads(p):
                state = _enum_word(t["state"], "THREAD_")
                if addr == int(p["suspended"]):
                    state = "suspended"
                ipc = _enum_word(t["ipc"]["state"], "IPC_")
                for field, how in (("served_by", "served by"), ("serving", "serving")):
                    peer = int(t["ipc"][field])
                    if peer:
                        ipc += ", %s thread %d" % (how, int(self.kernel.load(peer, t.type)["id"]))
                rows.append(("*" if addr == cur_addr else " ", int(t["id"]), pname, state, int(t["prio"]), ipc))
        if cur is not None and not int(cur["proc"]):
            name = "kernel:" + (self.kernel.cstring(int(cur["name"])) or "?")
            rows.append(("*", int(cur["id"]), name, _enum_word(cur["state"], "THREAD_"), int(cur["prio"]), "-"))
        return rows

    def threads(self):
        rows = sorted(self.thread_rows(), key=lambda r: r[1])
        print("  %4s  %-31s %-10s %4s  %s" % ("TID", "PROCESS", "STATE", "PRIO", "IPC"))
        for r in rows:
            print("%s %4d  %-31s %-10s %4d  %s" % r)

    def break_in(self, target, function):
        """vigil break: FUNCTION (or FILE:FUNCTION) resolved by gdb itself (prologue skipped) with only
        the kernel's and the target's program's symbols loaded, kept to user addresses (the kernel may
        define the same name), then one ProcessBreakpoint per address."""
        if target.isdigit():
            if not gdb.selected_inferior().pid:
                raise gdb.GdbError("vigil: no target: a pid names a running process")
            pid = int(target)
            names = [self.kernel.string(p["name"]) for _, p in self.kernel.processes() if int(p["pid"]) == pid]
            if not names:
                raise gdb.GdbError("vigil: no process with pid %d" % pid)
            cls, match, where = names[0], pid, "pid %d (%s)" % (pid, names[0])
        else:
            cls, match, where = target, target, "process " + target
        before = self.programs.loaded
        if not self.programs.load(cls):
            raise gdb.GdbError("vigil: no program known for class %s (vigil program CLASS ELF; known: %s)"
                               % (cls, ", ".join(sorted(self.programs.elf)) or "none"))
        made = []
        try:
            probe = gdb.Breakpoint(function, internal=True)
            try:
                addrs = sorted({loc.address for loc in probe.locations if loc.address < USER_TOP})
            finally:
                probe.delete()
            if not addrs:
                raise gdb.GdbError("vigil: %s has no function %s" % (self.programs.elf[cls], function))
            for addr in addrs:  # created while cls's symbols are loaded, so gdb describes them right
                bp = ProcessBreakpoint(self, addr, match, "%s in %s" % (function, self.programs.elf[cls]))
                made.append(bp)
                print("vigil: breakpoint %d (%s) stops only in %s" % (bp.number, bp.what, where))
        finally:
            self.programs.load_path(before)  # what runs now keeps its symbols
        self.breakpoints += made
        return made

    def list_breakpoints(self):
        """vigil breakpoints: gdb's `info breakpoints` names user addresses with whatever program is
        loaded; this names them with the program they were set in."""
        live = [b for b in self.breakpoints if b.is_valid()]
        if not live:
            print("vigil: no process breakpoints")
        for b in live:
            target = "pid %d" % b.target if isinstance(b.target, int) else b.target
            print("%4d  0x%x  %s  only in %s: %d hits, %d hits elsewhere ignored%s" % (
                b.number, int(b.location.lstrip("*"), 16), b.what, target, b.hit_count, b.elsewhere,
                "" if b.enabled else " (disabled)"))

    def on_stop(self, event):
        """Loads the running process's symbols, then reports the stop as gdb would have (process
        breakpoints are silent: gdb would describe the frame with the previous program's symbols)."""
        changed = self.programs.follow_stop()
        ours = [b for b in getattr(event, "breakpoints", []) if isinstance(b, ProcessBreakpoint)]
        if not ours and not (changed and int(gdb.parse_and_eval("$pc")) < USER_TOP):
            return
        try:
            text = gdb.execute("frame", to_string=True)
        except gdb.error as e:
            text = "(%s)\n" % e
        text = re.sub(r"^#0\s+", "", text)
        print(("\nBreakpoint %d, " % ours[0].number if ours else "") + text, end="")


HELPER = Helper()


class VigilCommand(gdb.Command):
    """Vigil's kernel-aware commands: vigil ps | threads | break PROCESS FUNCTION | program CLASS ELF |
symbols [CLASS]."""

    def __init__(self):
        super().__init__("vigil", gdb.COMMAND_USER, prefix=True)


class Sub(gdb.Command):
    def __init__(self, name, fn, doc, nargs, needs_target=True):
        self.__doc__ = doc
        super().__init__("vigil " + name, gdb.COMMAND_USER)
        self.fn, self.nargs, self.needs_target = fn, nargs, needs_target

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) not in self.nargs:
            raise gdb.GdbError("usage: " + self.__doc__.splitlines()[0])
        if self.needs_target and not gdb.selected_inferior().pid:
            raise gdb.GdbError("vigil: no target: attach to QEMU first (target remote, or make gdb)")
        try:
            self.fn(*args)
        except gdb.MemoryError as e:
            raise gdb.GdbError("vigil: cannot read the kernel's structures: %s" % e)


def _symbols(cls=None):
    if cls is not None:
        if not HELPER.programs.load(cls):
            raise gdb.GdbError("vigil: no program known for class %s" % cls)
    print("vigil: symbols loaded: %s" % (HELPER.programs.loaded or "the kernel's only"))
    for c, p in sorted(HELPER.programs.elf.items()):
        print("  %-31s %s" % (c, p))


VigilCommand()
Sub("ps", HELPER.ps, "vigil ps\nLists the kernel's processes: pid, class, state, ASID, thread count.", (0,))
Sub("threads", HELPER.threads, "vigil threads\nLists every process's threads: id, process, state, "
    "priority, IPC state.", (0,))
Sub("break", HELPER.break_in, "vigil break PROCESS FUNCTION\nBreaks on FUNCTION (or FILE:FUNCTION) of "
    "PROCESS's program, only in that process (a class name or a pid).", (2,), needs_target=False)
Sub("breakpoints", HELPER.list_breakpoints, "vigil breakpoints\nLists process breakpoints with their "
    "program, process and hits (hits in other processes are ignored).", (0,), needs_target=False)
Sub("program", HELPER.programs.add, "vigil program CLASS ELF\nThe program with symbols that runs under "
    "CLASS.", (2,), needs_target=False)
Sub("symbols", _symbols, "vigil symbols [CLASS]\nShows (or switches to) the program whose symbols are "
    "loaded.", (0, 1), needs_target=False)
