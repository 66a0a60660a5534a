/**
 * {@code emulator start|stop|status}, {@code outbox} and {@code sam-env}: moto's server kept running in the
 * background with the stack and its policies, what it sent, and the environment {@code sam local} needs for it.
 */
package io.smsgate.local.cli.emulator;
