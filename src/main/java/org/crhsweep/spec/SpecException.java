package org.crhsweep.spec;

/**
 * Any problem with a sweep spec: a one-line message naming the field (as a YAML path such as
 * {@code grid.learning_rate[1]}), what was given and what is allowed.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  private SpecException(String field, String message) {
    super(oneLine(message));
    this.field = field;
  }

  /** An error about one field: {@code spec field 'FIELD': PROBLEM}. */
  public static SpecException field(String field, String problem) {
    return new SpecException(field, "spec field '" + field + "': " + problem);
  }

  /** An error about the whole file (unreadable, YAML syntax); {@link #field()} is empty. */
  public static SpecException file(String source, String problem) {
    return new SpecException("", "spec file '" + source + "': " + problem);
  }

  /** {@code spec file 'PATH' not found}; {@link #field()} is empty. */
  public static SpecException notFound(String source) {
    return new SpecException("", "spec file '" + source + "' not found");
  }

  /** The YAML path of the offending field, e.g. {@code training.steps}; empty for file errors. */
  public String field() {
    return field;
  }

  /** The problem without the {@code spec field '...': } prefix. */
  public String problem() {
    String prefix = "spec field '" + field + "': ";
    String message = getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /**
   * The same problem located under {@code prefix}, for records validated on their own (an {@link
   * MlpConfig} says {@code depth}; in a spec it is {@code grid.architecture[2].depth}).
   */
  public SpecException under(String prefix) {
    if (field.isEmpty()) {
      return this;
    }
    SpecException moved = field(prefix + "." + field, problem());
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  private static String oneLine(String message) {
    return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
