package io.seqmnist;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting out of range. A library names its settings its own way ("batchSize must be at least 1, got 0");
 * {@link #message} names them otherwise, as the command line does by its options ("--batch-size must be at least 1, got
 * 0").
 */
public final class InvalidSetting extends UserError {
    private static final long serialVersionUID = 1L;
    private static final Pattern SETTING = Pattern.compile("\\{(\\w+)}");
    private final String template;

    /** @param template the message, each setting named in braces: "{epochs} must be ..." */
    public InvalidSetting(String template) {
        super(message(template, Function.identity()));
        this.template = template;
    }

    /** The message with each setting called by {@code name}. */
    public String message(Function<String, String> name) {
        return message(template, name);
    }

    private static String message(String template, Function<String, String> name) {
        return SETTING.matcher(template).replaceAll(m -> Matcher.quoteReplacement(name.apply(m.group(1))));
    }
}
