package org.docanchor.gateway.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written whole or not at all: a temporary file beside the target, moved into place. For the keys and
 * certificates the dev and test profiles generate.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code file}, creating its folder. {@code ownerOnly}: readable and writable by the
     * owner alone from the first byte (a private key). {@code replace}: an existing file is replaced, else the move
     * fails and the existing file stays.
     */
    public static void write(Path file, String content, boolean ownerOnly, boolean replace) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the file inherits the folder's ACL.
                }
            }
            Files.writeString(tmp, content);
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
