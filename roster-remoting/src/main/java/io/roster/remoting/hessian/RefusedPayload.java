package io.roster.remoting.hessian;

/**
 * Stands in for a request whose payload named a class outside the allowlist. Decoding stops at
 * that name, so nothing of the class was loaded or built; the request handler answers the caller
 * with {@link #reason()} instead of a timeout.
 */
public record RefusedPayload(String reason) {}
