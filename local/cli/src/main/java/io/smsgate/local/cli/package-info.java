/**
 * {@code ./smsgate}: the entry point ({@link io.smsgate.local.cli.Smsgate}, which lists every command), how a
 * failure becomes one line ({@link io.smsgate.local.cli.UserError}), and what more than one command family
 * shares: where to run ({@link io.smsgate.local.cli.EmulatorOptions}) and the running emulator's state
 * ({@link io.smsgate.local.cli.LocalEmulator}). Each family of commands is a package below this one.
 */
package io.smsgate.local.cli;
