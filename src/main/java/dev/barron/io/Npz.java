package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Precision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's .npz: a zip archive of .npy files, one per named array, as np.savez (stored) and
 * np.savez_compressed (deflated) write it; np.load(f)["W"] reads the entry W.npy.
 */
public final class Npz {

    private Npz() {
    }

    /** Reads the array called name (the entry name.npy); the error lists the names the file has. */
    public static NdArray read(Path file, String name, String parameter) {
        String source = file + ":" + name;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(name + ".npy");
            if (entry == null) {
                throw Check.bad(parameter, file, "has no array '" + name + "'; it holds " + names(zip)
                        + " (choose one with FILE.npz:NAME)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Npy.read(Channels.newChannel(in), entry.getSize(), parameter, source);
            }
        } catch (NoSuchFileException e) {
            throw Check.bad(parameter, file, "file not found");
        } catch (IOException e) {
            throw Check.bad(parameter, file, "cannot be read as a .npz (" + e.getMessage() + ")");
        }
    }

    private static List<String> names(ZipFile zip) {
        List<String> out = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            out.add(e.getName().replaceFirst("\\.npy$", ""));
        }
        return out;
    }

    /** Writes the arrays, in the map's order, as name.npy entries (deflated, as np.savez_compressed). */
    public static void write(OutputStream out, Map<String, NdArray> arrays, Precision precision) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            Npy.write(npy, e.getValue(), precision);
            writeEntry(zip, e.getKey(), npy.toByteArray());
        }
        zip.finish();
    }

    /** Bundles already encoded .npy files (name without .npy to bytes) into one archive. */
    public static void writeEncoded(OutputStream out, Map<String, byte[]> npyFiles) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, byte[]> e : npyFiles.entrySet()) {
            writeEntry(zip, e.getKey(), e.getValue());
        }
        zip.finish();
    }

    private static void writeEntry(ZipOutputStream zip, String name, byte[] npy) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(npy);
        zip.closeEntry();
    }
}
