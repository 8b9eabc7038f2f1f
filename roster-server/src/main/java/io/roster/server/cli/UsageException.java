package io.roster.server.cli;

/** A command line that cannot be understood; the CLI prints it with a hint and exits with 2. */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
