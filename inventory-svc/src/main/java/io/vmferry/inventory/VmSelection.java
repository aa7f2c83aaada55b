package io.vmferry.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The VM selection grammar (DESIGN §5): {@code *}, a VMID, a name, a wildcard ({@code web*},
 * {@code db?}), or a comma list of those; names match case-insensitively. Every term must match at
 * least one VM, so a typo is an error rather than a silently smaller backup.
 */
public final class VmSelection {
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9*?._\\-]+");

    private final List<String> terms;
    private final Set<Integer> exclude;

    private VmSelection(List<String> terms, Set<Integer> exclude) {
        this.terms = terms;
        this.exclude = exclude;
    }

    /** Parses a selection; syntax errors are {@link IllegalArgumentException}s with a one-line reason. */
    public static VmSelection parse(String selection, List<Integer> exclude) {
        if (selection == null || selection.isBlank()) {
            throw new IllegalArgumentException("empty VM selection");
        }
        List<String> terms = new ArrayList<>();
        for (String raw : selection.split(",", -1)) {
            String t = raw.strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty term in VM selection '" + selection + "'");
            }
            if (!TERM.matcher(t).matches()) {
                throw new IllegalArgumentException("bad term '" + t + "' in VM selection '" + selection + "'");
            }
            terms.add(t);
        }
        for (Integer id : exclude) {
            if (id == null || id < 1) {
                throw new IllegalArgumentException("bad VMID in --exclude: " + id);
            }
        }
        return new VmSelection(List.copyOf(terms), Set.copyOf(exclude));
    }

    /**
     * The selected VMs, in the order given, without duplicates or excluded VMIDs.
     *
     * @throws IllegalArgumentException when a term matches no VM, or everything is excluded
     */
    public <T> List<T> select(List<T> vms, Function<T, Integer> vmid, Function<T, String> name) {
        Set<T> out = new LinkedHashSet<>();
        for (String term : terms) {
            List<T> matched = vms.stream().filter(vm -> matches(term, vmid.apply(vm), name.apply(vm))).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("no VM matches '" + term + "'");
            }
            out.addAll(matched);
        }
        List<T> result = out.stream().filter(vm -> !exclude.contains(vmid.apply(vm))).toList();
        if (result.isEmpty()) {
            throw new IllegalArgumentException("every VM matching '" + String.join(",", terms) + "' is excluded");
        }
        return result;
    }

    private static boolean matches(String term, int vmid, String name) {
        if (term.chars().allMatch(Character::isDigit)) {
            return term.equals(Integer.toString(vmid));
        }
        if (term.indexOf('*') < 0 && term.indexOf('?') < 0) {
            return term.equalsIgnoreCase(name);
        }
        String regex = term.toLowerCase(Locale.ROOT).replace(".", "\\.").replace("*", ".*").replace("?", ".");
        return name.toLowerCase(Locale.ROOT).matches(regex) || Integer.toString(vmid).matches(regex);
    }
}
