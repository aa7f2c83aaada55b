package io.vmferry.qemu.qmp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The server greeting, e.g. {@code {"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package":
 * "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}}.
 */
public record QmpGreeting(int major, int minor, int micro, String packageName, List<String> capabilities) {

    /** {@code major.minor.micro}, e.g. {@code 7.2.22}. */
    public String version() {
        return major + "." + minor + "." + micro;
    }

    /** True when the running QEMU is at least {@code major.minor}. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    static QmpGreeting from(JsonObject greeting) {
        JsonObject qmp = greeting.getJsonObject("QMP");
        JsonObject version = qmp.getJsonObject("version", new JsonObject());
        JsonObject qemu = version.getJsonObject("qemu", new JsonObject());
        List<String> caps = qmp.getJsonArray("capabilities", new JsonArray()).stream().map(String::valueOf).toList();
        return new QmpGreeting(qemu.getInteger("major", 0), qemu.getInteger("minor", 0), qemu.getInteger("micro", 0),
                version.getString("package", ""), caps);
    }
}
