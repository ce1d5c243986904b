#!/bin/sh
# Generates a user program's symbol table, which the kernel's process fault report reads (format and
# reader in kernel/usyms.h), from the linked ELF:
#   sh tools/mkusyms.sh NM OBJDUMP PROGRAM.elf > PROGRAM.usyms
# The table is text so this script needs nothing but nm, objdump and awk, and so a person can read it.
# Names come from `nm -n -S` (code symbols, as tools/mksyms.sh keeps them); lines from the DWARF line
# table that `objdump --dwarf=decodedline` decodes, here at build time, so the kernel parses no DWARF.
set -eu
nm=$1 objdump=$2 elf=$3
{
    "$nm" -n -S --defined-only "$elf" | awk '
    {
        if (NF == 4) { addr = $1; size = $2; type = $3; name = $4 }
        else if (NF == 3) { addr = $1; size = "0"; type = $2; name = $3 }
        else next
        if (type !~ /^[TtW]$/ || name ~ /^\$/ || name ~ /^\.L/) next
        sub(/^0+/, "", addr); sub(/^0+/, "", size)
        if (addr == "") addr = "0"
        if (size == "") size = "0"
        if (addr == last) next   # one name per address: nm -n lists a global alias after its local twin
        last = addr
        print "f " addr " " size " " name
    }'
    # Rows are "BASENAME LINE 0xADDR [VIEW] [x]"; a line "PATH:" or "CU: PATH:" names the file of the
    # rows that follow, and "-" as LINE ends a sequence (code after it has no line). Of several rows at
    # one address the last counts, as it does for addr2line; runs of one file:line collapse into one row.
    "$objdump" --wide --dwarf=decodedline "$elf" | awk '
    /^CU: .*:$/ { path = substr($0, 5, length($0) - 5); next }
    /^[^ ]+:$/ && !/^Contents/ { path = substr($0, 1, length($0) - 1); next }
    NF >= 3 && $3 ~ /^0x[0-9a-f]+$/ && ($2 ~ /^[0-9]+$/ || $2 == "-") {
        file = path
        n = split(path, parts, "/")
        if (parts[n] != $1) file = $1   # a row of a file that no header named: its base name is all there is
        if (!(file in idx)) { idx[file] = nfiles++; print "s " idx[file] " " file }
        addr = substr($3, 3); sub(/^0+/, "", addr); if (addr == "") addr = "0"
        line = ($2 == "-") ? 0 : $2
        if (addr == paddr) { rows[nrows] = addr " " idx[file] " " line; next }
        rows[++nrows] = addr " " idx[file] " " line; paddr = addr
    }
    END {
        for (i = 1; i <= nrows; i++) {
            split(rows[i], r, " ")
            key = r[2] " " r[3]
            if (key == prev) continue
            prev = key
            print "l " rows[i]
        }
    }'
}
