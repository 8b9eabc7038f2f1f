/**
 * TLS for Roster's ports: {@link io.roster.remoting.tls.TlsMaterial} reads and checks the
 * configured PKCS12 stores; {@link io.roster.remoting.tls.MemberTls} is mutual TLS between
 * members; {@link io.roster.remoting.tls.HttpTls} is server TLS for admin HTTP.
 */
package io.roster.remoting.tls;
