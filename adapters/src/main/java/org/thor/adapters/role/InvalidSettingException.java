package org.thor.adapters.role;

/** A setting of a role definition that cannot be used: which key, and what is wrong with its value. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public InvalidSettingException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The key path, e.g. {@code healthCheck.port}. */
    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
