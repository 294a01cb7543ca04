package dev.barron.math;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a 64-bit little-endian ELF shared object (Linux on x86_64 and arm64) says of itself to
 * the dynamic loader, read from the file without loading it: its soname, and whether its
 * dynamic symbol table defines a symbol (an undefined entry, one it imports, does not count).
 * Read through the section headers: .dynamic for DT_SONAME, .dynsym for the symbols, each with
 * the string table its sh_link names.
 *
 * @param soname the DT_SONAME, or null when it has none
 * @param defines whether the symbol asked for is defined here
 */
record ElfExports(String soname, boolean defines) {

    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_DYNSYM = 11;
    private static final long DT_NULL = 0;
    private static final long DT_SONAME = 14;
    private static final int SHN_UNDEF = 0;
    private static final int DYN_SIZE = 16;
    private static final int SYM_SIZE = 24;

    /**
     * Reads file; an IOException when it cannot be read or is not a 64-bit little-endian ELF
     * file with section headers.
     */
    static ElfExports read(Path file, String symbol) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), symbol);
        }
    }

    static ElfExports parse(ByteBuffer file, String symbol) throws IOException {
        ByteBuffer elf = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2 || elf.get(5) != 1) {
                throw new IOException("not a 64-bit little-endian ELF file");
            }
            long sectionHeaders = elf.getLong(0x28);
            int headerSize = elf.getShort(0x3a) & 0xffff;
            long sections = elf.getShort(0x3c) & 0xffff;
            if (sectionHeaders == 0 || headerSize < 0x40) {
                throw new IOException("no section headers");
            }
            if (sections == 0) { // 0xff00 or more: the count is section 0's sh_size
                sections = elf.getLong(index(sectionHeaders + 0x20));
            }
            byte[] wanted = symbol.getBytes(StandardCharsets.US_ASCII);
            String soname = null;
            boolean defines = false;
            for (long i = 0; i < sections; i++) {
                int header = index(sectionHeaders + i * headerSize);
                int type = elf.getInt(header + 4);
                if (type != SHT_DYNAMIC && type != SHT_DYNSYM) {
                    continue;
                }
                int start = index(elf.getLong(header + 0x18));
                long size = elf.getLong(header + 0x20);
                int strings = index(elf.getLong(index(sectionHeaders + (long) elf.getInt(header + 0x28) * headerSize) + 0x18));
                if (type == SHT_DYNAMIC) {
                    for (long e = 0; e + DYN_SIZE <= size; e += DYN_SIZE) {
                        long tag = elf.getLong(index(start + e));
                        if (tag == DT_NULL) {
                            break;
                        }
                        if (tag == DT_SONAME) {
                            soname = string(elf, index(strings + elf.getLong(index(start + e + 8))));
                        }
                    }
                } else {
                    for (long e = 0; e + SYM_SIZE <= size && !defines; e += SYM_SIZE) {
                        int sym = index(start + e);
                        defines = (elf.getShort(sym + 6) & 0xffff) != SHN_UNDEF
                                && named(elf, index(strings + Integer.toUnsignedLong(elf.getInt(sym))), wanted);
                    }
                }
            }
            return new ElfExports(soname, defines);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException("malformed ELF file (" + e.getMessage() + ")");
        }
    }

    private static int index(long offset) {
        return Math.toIntExact(offset);
    }

    private static boolean named(ByteBuffer elf, int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (elf.get(at + i) != name[i]) {
                return false;
            }
        }
        return elf.get(at + name.length) == 0;
    }

    private static String string(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        elf.get(at, b);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
