/** Meta's admin HTTP pages: health, leader, slot table and members. */
package io.roster.meta.admin;
