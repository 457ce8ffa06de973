package org.docanchor.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.docanchor.verifier.signature.InvalidDepartmentKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files Kubernetes mounts for the first admin and the trusted roots (k8s/base/gateway.yaml): both come from
 * optional sources (a Secret, a ConfigMap), so a missing file must mean "not configured", never a failure.
 */
class BootstrapAndRootsFilesTest {

    private static final String KEY = "agk_boot0001_" + "a".repeat(40);

    @Test
    void bootstrapKeyFile_isReadWithoutTheTrailingNewlineASecretFileUsuallyHas(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("admin-key"), KEY + "\n");

        assertThat(BootstrapAdmin.configuredKey(Optional.empty(), Optional.of(file))).contains(KEY);
    }

    @Test
    void bootstrapKeyFile_thatDoesNotExist_isNoKey(@TempDir Path dir) {
        assertThat(BootstrapAdmin.configuredKey(Optional.empty(), Optional.of(dir.resolve("admin-key")))).isEmpty();
    }

    @Test
    void bootstrapKey_fromThePropertyStillWorks_andBothAtOnceIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("admin-key"), KEY);

        assertThat(BootstrapAdmin.configuredKey(Optional.of(KEY), Optional.empty())).contains(KEY);
        assertThat(BootstrapAdmin.configuredKey(Optional.empty(), Optional.empty())).isEmpty();
        assertThatThrownBy(() -> BootstrapAdmin.configuredKey(Optional.of(KEY), Optional.of(file)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void trustedRootsFile_thatDoesNotExist_isNoRoots_soCertificatesAreRefusedWithAProblem(@TempDir Path dir) {
        DepartmentKeys keys = new DepartmentKeys(Optional.of(dir.resolve("trusted-roots.pem")));

        assertThatThrownBy(() -> keys.check("DEMO", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(InvalidDepartmentKeyException.class).hasMessageContaining("trusted roots");
    }
}
