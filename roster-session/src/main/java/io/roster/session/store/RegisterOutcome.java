package io.roster.session.store;

/**
 * How the store took a registration. A stale or duplicate registration is still a success: the
 * client already holds something at least as new, and must stop retrying.
 */
public record RegisterOutcome(boolean refused, String message) {

  static final RegisterOutcome APPLIED = new RegisterOutcome(false, null);
  static final RegisterOutcome STALE = new RegisterOutcome(false, "stale or duplicate; ignored");

  static RegisterOutcome refuse(String message) {
    return new RegisterOutcome(true, message);
  }
}
