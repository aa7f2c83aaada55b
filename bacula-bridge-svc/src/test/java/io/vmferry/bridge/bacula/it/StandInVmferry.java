package io.vmferry.bridge.bacula.it;

import io.vmferry.bridge.bacula.testing.PrivateBacula;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * A stand-in {@code vmferry} command for the integration tests, written into the private Bacula's directory:
 * {@code bin/vmferry} sends {@code bacula read} and {@code bacula write} to shell scripts (readers that
 * {@code cat} a fixture file or fail half-way, a writer that copies stdin to {@code WHERE/PATH}) and the rest
 * to {@link StandInCli} in a JVM. Fixtures: {@code fixtures/VMID/DISK} holds a disk's bytes,
 * {@code fixtures/VMID/config} the VM config, {@code fixtures/VMID/mode} is {@code ok}, {@code fail} or
 * {@code endless}.
 */
final class StandInVmferry {
    private static final String READER = """
            #!/bin/sh
            # stand-in reader: bacula read host=H vm=V disk=D level=L jobid=J
            for a in "$@"; do case $a in host=*) host=${a#host=};; vm=*) vm=${a#vm=};; disk=*) disk=${a#disk=};;
              jobid=*) jobid=${a#jobid=};; esac; done
            rec="$STATE/$jobid/$host/$vm"; mkdir -p "$rec"; echo $$ > "$rec/$disk.pid"
            src="$FIXTURES/$vm/$disk"
            case "$(cat "$FIXTURES/$vm/mode")" in
              ok) cat "$src" || { echo "cannot read $src" > "$rec/$disk.failed"; exit 1; }
                  echo "$(wc -c < "$src") $(sha256sum < "$src" | cut -d' ' -f1)" > "$rec/$disk.ok" ;;
              fail) head -c 1048576 "$src"
                  echo "vmferry: VM $vm disk $disk: read error at 1 MiB (simulated)" >&2
                  echo "read error at 1 MiB (simulated)" > "$rec/$disk.failed"; exit 1 ;;
              endless) exec "$JAVA" -cp "$CP" $PROPS io.vmferry.bridge.bacula.it.StandInCli "$@" ;;
            esac
            """;
    private static final String WRITER = """
            #!/bin/sh
            # stand-in writer: bacula write WHERE REPLACE CATALOG-PATH [target]
            where=$3 replace=$4 path=$5
            [ -n "$where" ] || { echo "vmferry: no original location in the tests" >&2; cat >/dev/null; exit 1; }
            target="$where$path"
            if [ "$replace" = n ] && [ -e "$target" ]; then cat >/dev/null; exit 0; fi
            mkdir -p "$(dirname "$target")" && cat > "$target"
            """;

    private final Path root;

    private StandInVmferry(Path root) {
        this.root = root;
    }

    /** Writes the scripts under {@code DIR/standin}. */
    static StandInVmferry install(PrivateBacula bacula) throws IOException {
        Path root = bacula.dir().resolve("standin");
        Files.createDirectories(root.resolve("fixtures"));
        Files.createDirectories(root.resolve("state"));
        StandInVmferry s = new StandInVmferry(root);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String props = "-Dvmferry.cmd=" + s.command() + " -Dvmferry.state=" + s.state() + " -Dvmferry.fixtures="
                + root.resolve("fixtures") + " -Dvmferry.bconsole=" + bacula.bconsoleConfig();
        String env = "JAVA='" + java + "' CP='" + System.getProperty("java.class.path") + "' PROPS='" + props
                + "' STATE='" + s.state() + "' FIXTURES='" + root.resolve("fixtures") + "'\nexport JAVA CP PROPS STATE FIXTURES\n";
        script(root.resolve("reader.sh"), READER.replaceFirst("\n", Matcher.quoteReplacement("\n" + env)));
        script(root.resolve("writer.sh"), WRITER);
        script(s.command(), "#!/bin/sh\n" + env + """
                case "$2" in
                  read) exec /bin/sh "%1$s/reader.sh" "$@" ;;
                  write) exec /bin/sh "%1$s/writer.sh" "$@" ;;
                  *) exec "$JAVA" -cp "$CP" $PROPS io.vmferry.bridge.bacula.it.StandInCli "$@" ;;
                esac
                """.formatted(root));
        return s;
    }

    /** The stand-in command to put in a Job's plugin line. */
    Path command() {
        return root.resolve("bin/vmferry");
    }

    /** The journal (state) directory. */
    Path state() {
        return root.resolve("state");
    }

    /** A disk fixture file. */
    Path fixture(int vmid, String disk) {
        return root.resolve("fixtures").resolve(Integer.toString(vmid)).resolve(disk);
    }

    /** Creates a VM with one random disk {@code scsi0} of {@code size} bytes and a config. */
    void addVm(int vmid, String mode, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(vmid).nextBytes(data);
        Files.createDirectories(fixture(vmid, "mode").getParent());
        Files.writeString(fixture(vmid, "mode"), mode + "\n");
        Files.write(fixture(vmid, "scsi0"), data);
        Files.writeString(fixture(vmid, "config"), "name: it-vm-" + vmid + "\nscsi0: local:" + vmid + "/disk.raw\n");
    }

    private static void script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
