/**
 * Messages between Roster roles. Every class here crosses a process boundary through Hessian, so
 * each one is a final class with plain fields and {@link java.io.Serializable}; the Hessian
 * allowlist in roster-remoting admits exactly this package tree, the model and the JDK basics.
 * Fields are written once, in the constructor; Hessian fills them reflectively on the way in.
 */
package io.roster.protocol;
