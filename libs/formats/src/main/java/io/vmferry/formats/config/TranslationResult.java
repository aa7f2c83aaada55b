package io.vmferry.formats.config;

import java.util.List;

/**
 * Output of a translation.
 *
 * @param text     the target configuration (conf text, JSON or PowerShell)
 * @param warnings every source setting that was not translated or was translated approximately
 */
public record TranslationResult(String text, List<String> warnings) {
    public TranslationResult {
        warnings = List.copyOf(warnings);
    }
}
