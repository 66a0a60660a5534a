/**
 * {@code status} and {@code fraud}: what an operator reads and releases on a stack, deployed or in the emulator;
 * the demo borrows FraudCommand's one-line rendering of a guard window.
 */
package io.smsgate.local.cli.ops;
