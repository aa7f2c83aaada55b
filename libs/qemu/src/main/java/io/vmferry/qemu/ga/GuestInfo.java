package io.vmferry.qemu.ga;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code guest-info}: the agent version and which commands it supports; commands blocked with {@code --block-rpcs}
 * (or disabled by policy) are listed with {@code enabled: false}.
 */
public record GuestInfo(String version, List<Command> supportedCommands) {

    /** One supported command. */
    public record Command(String name, boolean enabled, boolean successResponse) {
    }

    /** True when {@code command} is known and enabled, e.g. {@code guest-fsfreeze-freeze} before quiescing. */
    public boolean isEnabled(String command) {
        return supportedCommands.stream().anyMatch(c -> c.name().equals(command) && c.enabled());
    }

    static GuestInfo from(JsonObject json) {
        List<Command> commands = json.getJsonArray("supported_commands", new JsonArray()).stream()
                .map(o -> (JsonObject) o)
                .map(c -> new Command(c.getString("name"), c.getBoolean("enabled", false),
                        c.getBoolean("success-response", true)))
                .toList();
        return new GuestInfo(json.getString("version", ""), commands);
    }
}
